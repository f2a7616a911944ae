"""One log line per request and per error, with the request's id, as text or as JSON (inducult.logs)."""

import json
import logging

import pytest

from inducult.logs import JsonFormatter, RequestIdFilter

ID = "0123456789abcdef"


def request_records(caplog):
    return [record for record in caplog.records if record.name == "inducult.request"]


@pytest.mark.django_db
def test_each_request_gets_an_id_in_its_response_and_its_log_line(client, caplog, home_page):
    with caplog.at_level(logging.INFO, logger="inducult.request"):
        response = client.get("/en/")
    (record,) = request_records(caplog)
    assert len(response["X-Request-ID"]) == 32
    assert record.http["status"] == 200 and record.http["path"] == "/en/" and record.http["method"] == "GET"
    assert record.http["duration_ms"] >= 0
    line = json.loads(JsonFormatter().format(record))
    assert line["status"] == 200 and line["path"] == "/en/" and line["level"] == "INFO"


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_and_a_strange_one_replaced(client, caplog, home_page):
    assert client.get("/en/", HTTP_X_REQUEST_ID=ID)["X-Request-ID"] == ID
    strange = client.get("/en/", HTTP_X_REQUEST_ID='x" \n injected')["X-Request-ID"]
    assert strange != 'x" \n injected' and len(strange) == 32


@pytest.mark.django_db
def test_the_log_has_no_query_string_and_no_password_reset_token(client, caplog, home_page):
    with caplog.at_level(logging.INFO, logger="inducult.request"):
        client.get("/en/search/?q=my+private+words&token=abc")
        client.get("/admin/password_reset/confirm/MQ/cabc12-0123456789abcdef0123456789abcdef/")
    paths = [record.http["path"] for record in request_records(caplog)]
    assert paths[0] == "/en/search/"
    assert "0123456789abcdef0123456789abcdef" not in paths[1] and "[redacted]" in paths[1]
    assert all("private" not in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
def test_an_error_is_one_json_line_with_the_request_id_and_the_traceback(client, caplog, home_page, monkeypatch, settings):
    from inducult import views

    def broken(self, page):
        raise RuntimeError("the search broke")

    monkeypatch.setattr(views.SiteSearch, "run", broken)
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        response = client.get("/en/search/?q=x", HTTP_X_REQUEST_ID=ID)
    assert response.status_code == 500
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors, "Django logs the error"
    # Formatted after the request, as Django logs it after the middleware has finished.
    RequestIdFilter().filter(errors[0])
    assert errors[0].request_id == ID
    line = JsonFormatter().format(errors[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["status"] == 500 and entry["path"] == "/en/search/"
    assert entry["request_id"] == ID
    assert "RuntimeError: the search broke" in entry["exception"]
