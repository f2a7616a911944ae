"""Database outages: visitors get a short 503 page in their language, and the site recovers by itself.

The fast tests point Django's connection at a database that is not there (a closed port, or an SQLite
file in a folder that does not exist), so every query really fails as in an outage. The slow test
serves the site with gunicorn under the production settings against a throw-away PostgreSQL cluster,
stops the cluster, and starts it again.
"""

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import OperationalError, connections
from django.db.utils import load_backend
from django.test import RequestFactory
from django.utils import translation

from inducult.views import server_error
from tests import ROOT
from tests.postgres import free_port

OUTAGE_TEXT = "The site cannot reach its database at the moment. Please try again in a minute."


def translated(text, language):
    with translation.override(language):
        return translation.gettext(text)


@contextlib.contextmanager
def unreachable_database(django_db_blocker):
    """Django's default connection, for the duration, pointed at a database that cannot be reached."""
    original = connections["default"]
    settings_dict = {**original.settings_dict}
    if settings_dict["ENGINE"] == "django.db.backends.postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()), NAME="nowhere")
    else:
        settings_dict.update(NAME="/nonexistent-folder/db.sqlite3")
    unreachable = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="default")
    connections["default"] = unreachable
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        unreachable.close()
        connections["default"] = original


@pytest.mark.parametrize(
    ("path", "language"),
    [("/de/", "de"), ("/cs/partneri/", "cs"), ("/en/publications/?q=x", "en"), ("/hr/dogadanja/2018/", "hr")],
)
def test_an_outage_gives_a_short_503_page_in_the_language_of_the_address(client, django_db_blocker, path, language):
    with unreachable_database(django_db_blocker):
        started = time.monotonic()
        response = client.get(path)
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert elapsed < 5
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Language"] == language
    body = response.content.decode()
    assert f'<html lang="{language}"' in body
    assert translated(OUTAGE_TEXT, language) in body
    for leak in ("Traceback", "OperationalError", "psycopg", "sqlite", "nowhere"):
        assert leak not in body


def test_an_outage_outside_the_language_prefixes_speaks_the_browsers_language(client, django_db_blocker):
    client.cookies["sessionid"] = "an-editors-session"
    with unreachable_database(django_db_blocker):
        admin = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="pl")
        document = client.get("/documents/1/report.pdf", HTTP_ACCEPT_LANGUAGE="it")
        robots = client.get("/robots.txt")
        root = client.get("/", HTTP_ACCEPT_LANGUAGE="sl")
    assert admin.status_code == 503 and '<html lang="pl"' in admin.content.decode()
    assert document.status_code == 503 and '<html lang="it"' in document.content.decode()
    # What needs no database keeps working.
    assert robots.status_code == 200
    assert root.status_code == 302 and root["Location"] == "/sl/"


def test_the_site_works_again_once_the_database_is_back(client, django_db_blocker, home_page):
    with unreachable_database(django_db_blocker):
        assert client.get("/en/").status_code == 503
    assert client.get("/en/").status_code == 200


def test_an_outage_met_outside_a_view_is_a_503_too_and_other_errors_stay_500s():
    request = RequestFactory().get("/nl/partners/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert '<html lang="nl"' in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


# --- The real thing: gunicorn, production settings, a PostgreSQL cluster that stops and starts ---


def get(url, timeout=10):
    """Status, body and headers of a GET; error statuses are answers too."""
    request = urllib.request.Request(url, headers={"Accept-Language": "en"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def wait_for(url, status, *, within):
    """Seconds until the URL answers with the status; fails after `within` seconds."""
    started = time.monotonic()
    last = None
    while time.monotonic() - started < within:
        try:
            last = get(url, timeout=within)
            if last[0] == status:
                return time.monotonic() - started, last
        except OSError as error:
            last = error
        time.sleep(0.1)
    pytest.fail(f"{url} did not answer {status} within {within} s; last answer: {str(last)[:500]}")


@pytest.fixture(scope="module")
def outage_cluster(postgres_template):
    postgres_template.create_database("inducult_outage", template="inducult_template")
    yield postgres_template
    # Whatever happened in the test, the cluster is up again for the others.
    if not postgres_template.is_running():
        postgres_template.start()


@pytest.fixture(scope="module")
def served_site(outage_cluster, tmp_path_factory):
    """The site under gunicorn with the production settings, its database on the throw-away cluster."""
    folder = tmp_path_factory.mktemp("outage-site")
    port = free_port()
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="inducult.settings.production",
        SECRET_KEY="outage-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=outage_cluster.url("inducult_outage"),
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        LOG_LEVEL="WARNING",
    )
    build = "from tests.inducult.factories import build_site; build_site(title_de='InduCult2.0', slug_de='start')"
    # Side by side: the static files the production storage needs, and a home page.
    steps = [
        subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in (["collectstatic", "--noinput"], ["shell", "-c", build])
    ]
    for step in steps:
        _output, errors = step.communicate(timeout=180)
        assert step.returncode == 0, errors[-3000:]
    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "inducult.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "30",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/en/", 200, within=60)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.mark.postgres
@pytest.mark.django_db  # so that the test database, whose schema the cluster copies, is set up
def test_postgresql_stops_and_starts_while_gunicorn_serves(outage_cluster, served_site):
    base, server = served_site
    workers_before = worker_pids(server.pid)
    for _round in range(4):  # reach both workers with a live connection
        assert get(f"{base}/de/")[0] == 200

    outage_cluster.stop()
    # Addresses no worker has in its page cache (a query string makes a new key) need the database.
    seconds, (status, body, headers) = wait_for(f"{base}/de/?uncached=1", 503, within=10)
    assert seconds < 5, f"the 503 came after {seconds:.1f} s"
    print(f"503 after {seconds:.2f} s")
    assert '<html lang="de"' in body
    assert translated(OUTAGE_TEXT, "de") in body
    assert "Traceback" not in body and "psycopg" not in body
    assert headers["Retry-After"] == "30"
    # Every following request, on either worker, is a quick 503 as well.
    for path in ("/en/?uncached=2", "/de/?uncached=3", "/cs/?uncached=4", "/admin/login/"):
        started = time.monotonic()
        assert get(f"{base}{path}")[0] == 503
        assert time.monotonic() - started < 5

    outage_cluster.start()
    seconds, (status, body, _headers) = wait_for(f"{base}/de/?uncached=5", 200, within=15)
    assert seconds < 5, f"the site came back after {seconds:.1f} s"
    print(f"200 again after {seconds:.2f} s")
    assert "InduCult2.0" in body
    for _round in range(4):
        assert get(f"{base}/en/")[0] == 200
    # Recovered by itself: the same gunicorn and the same workers, none restarted.
    assert server.poll() is None
    assert worker_pids(server.pid) == workers_before


def worker_pids(master_pid):
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True).stdout
    return sorted(int(pid) for pid in children.split())
