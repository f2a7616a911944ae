"""The site on two app servers that share PostgreSQL, Redis and an S3-compatible object store (moto's server
mode), as README *Deploying* sets it up: production settings, gunicorn, no shared disk.

What one server does, the other sees at once: images and documents uploaded through one are served by the
other, a page published through one is fresh on the other, a restriction set through one holds on the other,
and an editor's session is valid on both. `/readyz` follows the database and Redis going away and coming back
without a restart; backups take the bucket's objects and put them back. The editor works in Chromium, through
the admin of the first server.
"""

import json
import re
import subprocess
import sys
import tarfile
import time
import urllib.request
from types import SimpleNamespace

import pytest
from PIL import Image
from playwright.sync_api import expect

from demo.pdf import one_page_pdf
from tests import ROOT
from tests.core.test_cache_consistency import Browser, manage
from tests.services import Gunicorn, ObjectStore, Redis, production_environment

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db]

PASSWORD = "a-long-editor-password"
SECRET_WORDS = "Minutes of the steering committee"

BUILD_SCRIPT = f"""
import json
from django.contrib.auth import get_user_model
from tests.inducult.factories import StandardPageFactory, build_site
home = build_site(title_de="InduCult2.0", slug_de="start")
page = StandardPageFactory(parent=home, title="Members' corner", slug="members", intro="{SECRET_WORDS}")
page.save_revision().publish()
get_user_model().objects.create_superuser("editor", "editor@example.org", "{PASSWORD}")
print(json.dumps({{"page": page.pk}}))
"""


@pytest.fixture(scope="module")
def deployment(postgres_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("several-servers")
    database = "inducult_several_servers"
    postgres_template.create_database(database, template="inducult_template")
    redis = Redis()
    redis.start()
    store = ObjectStore(folder)
    environment = production_environment(
        postgres_template.url(database),
        folder,
        REDIS_URL=redis.url,
        # No server has media on its disk: an upload that landed there would be found by nobody else.
        MEDIA_ROOT=str(folder / "nobody-reads-this"),
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        **store.environment(),
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=environment, check=True, capture_output=True
    )
    built = json.loads(manage(environment, BUILD_SCRIPT))
    servers = []
    try:
        servers = [Gunicorn(environment, folder, "first"), Gunicorn(environment, folder, "second")]
        yield SimpleNamespace(
            first=servers[0],
            second=servers[1],
            redis=redis,
            store=store,
            postgres=postgres_template,
            database=database,
            environment=environment,
            page_id=built["page"],
            folder=folder,
        )
    finally:
        for server in servers:
            server.stop()
        store.stop()
        redis.stop()


def sql(deployment, query):
    return deployment.postgres.psql(deployment.database, query)


# What the proxy in front of both servers adds (README, Deploying): sign-in throttling counts by this address.
PROXY_HEADERS = {"X-Forwarded-For": "203.0.113.7"}


def sign_in(page, base):
    page.context.set_extra_http_headers(PROXY_HEADERS)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def upload(page, base, kind, path):
    """The admin's "Add images" / "Add documents" page: choose the file, wait for Wagtail's success message."""
    page.goto(f"{base}/admin/{kind}/multiple/add/")
    page.locator("#fileupload").set_input_files(path)
    expect(page.locator("#upload-list li.upload-success")).to_have_count(1)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback test servers
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_uploads_a_publish_and_a_session_through_one_server_hold_on_the_other(deployment, page, tmp_path):
    first, second, store = deployment.first, deployment.second, deployment.store
    sign_in(page, first.base)

    # An image, uploaded through the first server's admin, lands in the bucket, not on a disk.
    image_path = tmp_path / "Zwickau mining museum.png"
    Image.new("RGB", (640, 400), (150, 90, 40)).save(image_path)
    upload(page, first.base, "images", image_path)
    image_id = int(sql(deployment, "SELECT max(id) FROM wagtailimages_image"))
    assert store.keys("original_images/") == ["original_images/Zwickau_mining_museum.png"]

    # The second server shows it in its admin (same session): the rendition it makes is a public object in the
    # bucket, loaded by the browser from there (the page's CSP allows the bucket; a violation fails the test).
    page.goto(f"{second.base}/admin/images/{image_id}/")
    preview = page.locator(".focal-point-chooser img, img.show-transparency").first
    expect(preview).to_have_attribute("src", re.compile(rf"^{store.endpoint}/{store.BUCKET}/images/"))
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=preview.element_handle())
    renditions = store.keys("images/")
    assert renditions and all(store.is_public(key) for key in renditions)
    # The first server finds the rendition the second made: it does not make it again.
    page.goto(f"{first.base}/admin/images/{image_id}/")
    expect(page.locator(".focal-point-chooser img, img.show-transparency").first).to_have_attribute(
        "src", preview.get_attribute("src")
    )
    assert store.keys("images/") == renditions
    # The original is private: not even its plain address at the bucket answers.
    assert not store.is_public("original_images/Zwickau_mining_museum.png")
    assert fetch(f"{store.endpoint}/{store.BUCKET}/original_images/Zwickau_mining_museum.png")[0] == 403

    # A document, uploaded through the first server, is served by the second to the editor who may have it:
    # through the site's check, then a short-lived signed address at the bucket.
    pdf = one_page_pdf(["Regional action plan", "Example text for the test of two servers."])
    document_path = tmp_path / "Regional action plan.pdf"
    document_path.write_bytes(pdf)
    upload(page, first.base, "documents", document_path)
    document_id = int(sql(deployment, "SELECT max(id) FROM wagtaildocs_document"))
    key = "documents/Regional_action_plan.pdf"
    assert store.keys("documents/") == [key] and not store.is_public(key)
    response = page.request.get(f"{second.base}/documents/{document_id}/Regional_action_plan.pdf")
    assert response.status == 200 and response.body() == pdf
    assert response.url.startswith(f"{store.endpoint}/{store.BUCKET}/{key}?") and "X-Amz-Signature=" in response.url
    # No live page uses it yet: a visitor gets a 404 from either server, and the object's plain address a 403.
    for server in (first, second):
        assert fetch(f"{server.base}/documents/{document_id}/Regional_action_plan.pdf")[0] == 404
    assert fetch(f"{store.endpoint}/{store.BUCKET}/{key}")[0] == 403

    # A page cached by the second server, published anew through the first: fresh on the second at once.
    visitor = Browser(second.base)
    for _visit in range(3):
        assert "Members&#x27; corner" in visitor.request("/en/members/")[1]
    page.goto(f"{first.base}/admin/pages/{deployment.page_id}/edit/")
    page.locator("#id_title_en").fill("Members' corner, renewed")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("published")
    status, body, _headers = visitor.request("/en/members/")
    assert status == 200 and "Members&#x27; corner, renewed" in body


def test_a_restriction_set_through_one_server_holds_on_the_other_at_once(deployment):
    first, second = deployment.first, deployment.second
    visitor = Browser(second.base)
    for _visit in range(3):
        assert SECRET_WORDS in visitor.request("/en/members/")[1]

    editor = Browser(first.base)
    status, body, _headers = editor.request("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    status, _body, _headers = editor.request(
        "/admin/login/", {"csrfmiddlewaretoken": token, "username": "editor", "password": PASSWORD}, headers=PROXY_HEADERS
    )
    assert status == 302
    status, body, _headers = editor.request(f"/admin/pages/{deployment.page_id}/privacy/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', json.loads(body)["html"]).group(1)
    status, body, _headers = editor.request(
        f"/admin/pages/{deployment.page_id}/privacy/",
        {"csrfmiddlewaretoken": token, "restriction_type": "password", "password": "industrial-heritage"},
        headers={"X-CSRFToken": token},
    )
    assert json.loads(body)["step"] == "set_privacy_done"

    for _visit in range(5):
        status, body, _headers = visitor.request("/en/members/")
        assert status == 200 and SECRET_WORDS not in body and 'name="password"' in body


def readiness(server):
    status, body = fetch(f"{server.base}/readyz")
    return status, json.loads(body)


def wait_for_readiness(servers, status, seconds=15):
    """Until every server's /readyz answers `status`; what they said, or a failure at the deadline."""
    deadline = time.monotonic() + seconds
    while True:
        answers = [readiness(server) for server in servers]
        if all(answer[0] == status for answer in answers):
            return [answer[1] for answer in answers]
        assert time.monotonic() < deadline, f"/readyz did not turn {status}: {answers}"
        time.sleep(0.2)


def test_readyz_follows_redis_and_postgresql_going_away_and_coming_back(deployment):
    servers = (deployment.first, deployment.second)
    assert wait_for_readiness(servers, 200, seconds=5) == [{"status": "ok", "database": "ok", "cache": "ok"}] * 2

    deployment.redis.stop()
    try:
        answers = wait_for_readiness(servers, 503)
        assert all(answer["cache"].startswith("unavailable") and answer["database"] == "ok" for answer in answers)
        # The process itself still runs: /healthz is for restarting it, and it must not be restarted.
        assert all(fetch(f"{server.base}/healthz")[0] == 200 for server in servers)
        # Visitors still get pages, rendered without the cache.
        assert all(fetch(f"{server.base}/en/members/")[0] == 200 for server in servers)
    finally:
        deployment.redis.start()
    wait_for_readiness(servers, 200)

    deployment.postgres.stop()
    try:
        answers = wait_for_readiness(servers, 503)
        assert all(answer["database"].startswith("unavailable") for answer in answers)
        assert all(fetch(f"{server.base}/healthz")[0] == 200 for server in servers)
    finally:
        deployment.postgres.start()
    wait_for_readiness(servers, 200)
    assert fetch(f"{deployment.second.base}/en/")[0] == 200


def test_each_request_is_one_json_log_line_with_its_id_and_health_checks_are_not_logged(deployment):
    first = deployment.first
    request_id = "loadbalancer-0123456789"
    request = urllib.request.Request(f"{first.base}/en/search/?q=private+words", headers={"X-Request-ID": request_id})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback test server
        assert response.headers["X-Request-ID"] == request_id
    fetch(f"{first.base}/readyz")
    deadline = time.monotonic() + 10
    while True:
        lines = [json.loads(line) for line in first.log_path.read_text().splitlines() if line.startswith("{")]
        mine = [line for line in lines if line.get("request_id") == request_id]
        if mine or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert mine == [
        {**mine[0], "level": "INFO", "logger": "inducult.request", "method": "GET", "path": "/en/search/", "status": 200}
    ]
    assert "private" not in first.log_path.read_text()
    # Health checks leave no request line; only a failed readiness check says what failed (a warning).
    assert not [line for line in lines if line.get("path") in ("/readyz", "/healthz")]
    assert {line["logger"] for line in lines if "readyz" in line["message"] or "Not ready" in line["message"]} <= {
        "inducult.health"
    }


def run_command(deployment, *args):
    """`manage.py <args>` as an operator runs it on one of the servers."""
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=deployment.environment, capture_output=True, text=True, timeout=300
    )


def test_a_backup_takes_the_buckets_objects_and_a_restore_puts_them_back(deployment, tmp_path):
    store = deployment.store
    client = store.client()
    client.put_object(Bucket=store.BUCKET, Key="documents/Backup_check.pdf", Body=b"%PDF-1.4 kept")
    client.put_object(Bucket=store.BUCKET, Key="images/backup_check.fill-10x10.png", Body=b"png", ACL="public-read")
    before = store.keys()

    backup = run_command(deployment, "backup", "--to", str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    (folder,) = tmp_path.iterdir()
    with tarfile.open(folder / "media.tar.gz") as archive:
        assert sorted(member.name for member in archive.getmembers()) == before

    for key in before:
        client.delete_object(Bucket=store.BUCKET, Key=key)
    assert store.keys() == []
    restore = run_command(deployment, "restore", "--noinput", str(folder))
    assert restore.returncode == 0, restore.stderr
    assert store.keys() == before
    assert client.get_object(Bucket=store.BUCKET, Key="documents/Backup_check.pdf")["Body"].read() == b"%PDF-1.4 kept"
    # Each object gets its access back: renditions public, documents private.
    assert store.is_public("images/backup_check.fill-10x10.png")
    assert not store.is_public("documents/Backup_check.pdf")
    # The restored database still serves (the restore replaced it under the running servers).
    assert fetch(f"{deployment.first.base}/en/")[0] == 200
