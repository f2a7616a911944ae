"""One truth for every process, and a page cache that visitors cannot fill.

What is private stays private: who may see a page is decided by the database on every request, a page
behind a view restriction is never stored in the page cache, and the content version that makes cached
pages fresh is one value in the database that every process reads. Only a page's canonical address is
cached, so made-up addresses leave the cache as it was.

The in-process tests use Django's test client; the last ones serve the site with gunicorn and two
workers on a throw-away PostgreSQL cluster (as tests/inducult/test_database_outage.py does) and change a
restriction through one worker's admin and from a second process.
"""

import datetime
import http.cookies
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from core.cache import check_versioned_cache
from core.content_version import ContentVersion
from inducult.models import StandardPage
from tests import ROOT
from tests.events.factories import EventIndexPageFactory, EventPageFactory, EventTypeFactory
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.postgres import free_port
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory, PublicationTypeFactory
from tests.services import production_environment, redis_server_or_skip

PRIVATE_TEXT = "Minutes of the steering committee"
PASSWORD = "industrial-heritage"


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def is_served_from_the_cache(client, url):
    """A second visit that needs no query but the content version's."""
    client.get(url)
    return queries_for(client, url)[1] == 1


def cache_entries():
    # Django's local-memory cache keeps its entries in this dict (one per process).
    return len(caches["default"]._cache)


def is_password_form(response):
    return response.status_code == 200 and 'name="password"' in response.content.decode()


@pytest.fixture
def members(home_page):
    return StandardPageFactory(parent=home_page, title="Members' corner", slug="members", intro=PRIVATE_TEXT)


@pytest.fixture
def restricted(members):
    return PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD)


# --- Who may see what ---


@pytest.mark.django_db
def test_a_visitor_who_gave_the_password_sees_the_page_and_the_next_visitor_does_not(client, django_user_model, restricted):
    first = client.get("/en/members/")
    assert is_password_form(first)
    assert PRIVATE_TEXT not in first.content.decode()

    action = re.search(r'action="([^"]+)"', first.content.decode()).group(1)
    answer = client.post(action, {"password": PASSWORD, "return_url": "/en/members/"})
    assert answer.status_code == 302
    for _visit in range(3):
        full = client.get("/en/members/")
        assert PRIVATE_TEXT in full.content.decode()
        assert "private" in full["Cache-Control"]
    # Nothing of the page was stored for anyone.
    assert all(PRIVATE_TEXT.encode() not in value for value in caches["default"]._cache.values())

    stranger = client.__class__()
    for _visit in range(3):
        response = stranger.get("/en/members/")
        assert is_password_form(response)
        assert PRIVATE_TEXT not in response.content.decode()


@pytest.mark.django_db
def test_a_page_restricted_after_it_was_cached_is_never_served_from_the_cache(client, members):
    assert is_served_from_the_cache(client, "/en/members/")
    # Behind the cache's back (no signal, no new content version): the database decides all the same.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=members, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD)]
    )
    response = client.get("/en/members/")
    assert is_password_form(response)
    assert PRIVATE_TEXT not in response.content.decode()


@pytest.mark.django_db
def test_public_and_not_public_split_the_pages_by_their_restrictions(home_page, members):

    below = StandardPageFactory(parent=members, title="Agenda", slug="agenda")
    open_page = StandardPageFactory(parent=home_page, title="About", slug="about")
    assert set(StandardPage.objects.not_public()) == set()
    assert set(StandardPage.objects.public()) == {members, below, open_page}

    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    assert set(StandardPage.objects.not_public()) == {members, below}
    assert set(StandardPage.objects.public()) == {open_page}
    assert set(StandardPage.objects.not_public()) == set(Page.objects.not_public().type(StandardPage).specific())


@pytest.mark.django_db
def test_the_content_version_is_the_databases(client, home_page, members):
    """What another process does to the version row reaches this process's cached pages at once."""
    assert is_served_from_the_cache(client, "/en/members/")
    Page.objects.filter(pk=members.pk).update(title_en="Renamed elsewhere")
    assert "Renamed elsewhere" not in client.get("/en/members/").content.decode()
    # Another process's change: a new token in the row, nothing else.
    ContentVersion.objects.filter(pk=ContentVersion.ROW).update(token="made-by-another-process")
    assert "Renamed elsewhere" in client.get("/en/members/").content.decode()


# --- Only canonical addresses are cached ---


@pytest.fixture
def listings(home_page):
    events = EventIndexPageFactory(parent=home_page)
    meeting = EventTypeFactory(slug="partnership-meeting", name="Partnership meeting")
    partners = PartnerIndexPageFactory(parent=home_page)
    host = PartnerPageFactory(parent=partners, title="City of Sisak", slug="sisak", country="HR")
    for number in range(14):
        EventPageFactory(
            parent=events,
            slug=f"meeting-{number}",
            event_type=meeting,
            start_date=datetime.date(2018, 1 + number % 12, 10),
            end_date=datetime.date(2018, 1 + number % 12, 11),
        )
    library = PublicationIndexPageFactory(parent=home_page)
    report = PublicationTypeFactory(slug="report", name="Report")
    PublicationPageFactory(parent=host, title="Annual report", slug="report", publication_type=report)
    StandardPageFactory(parent=home_page, title="About", slug="about")
    return {"events": events, "library": library, "partners": partners}


CANONICAL = [
    "/en/about/",
    "/en/events/",
    "/en/events/?year=2018",
    "/en/events/?type=partnership-meeting&year=2018",
    "/en/events/?type=partnership-meeting&page=2",
    "/en/publications/?type=report&sort=title",
    "/en/partners/?country=HR",
    "/en/partners/?country=HR&kind=region",
]

NOT_CANONICAL = [
    # Unknown parameters, alone or with known ones.
    "/en/about/?utm_source=newsletter",
    "/en/events/?year=2018&fbclid=x",
    # Known parameters with values the form refuses, empty values, another order, a repeated parameter.
    "/en/events/?year=1899",
    "/en/events/?type=&host=&year=2018",
    "/en/events/?year=2018&type=partnership-meeting",
    "/en/events/?year=2017&year=2018",
    # Page numbers that are no page of the listing, or not in their shortest form.
    "/en/events/?page=1",
    "/en/events/?page=02",
    "/en/events/?page=3",
    "/en/events/?type=partnership-meeting&year=2018&page=99",
    # Free text: a search has no bound.
    "/en/publications/?q=report",
    "/en/partners/?kind=region&country=HR",
]


@pytest.mark.django_db
def test_canonical_addresses_are_cached_and_others_are_served_fresh(client, listings):
    for url in CANONICAL:
        assert client.get(url).status_code == 200, url
        assert is_served_from_the_cache(client, url), url
    for url in NOT_CANONICAL:
        response, queries = queries_for(client, url)
        assert response.status_code == 200, url
        assert queries > 1, url
        assert queries_for(client, url)[1] > 1, url


@pytest.mark.django_db
def test_pagination_links_are_canonical_addresses(client, listings):
    submitted = client.get("/en/events/?type=partnership-meeting&host=&year=").content.decode()
    assert 'href="?type=partnership-meeting&amp;page=2"' in submitted
    assert is_served_from_the_cache(client, "/en/events/?type=partnership-meeting&page=2")


def junk_addresses(count):
    """`count` different addresses that no visitor would get from the site's own links."""
    shapes = [
        "/en/about/?utm_source={n}",
        "/en/about/?{n}",
        "/en/events/?year={year}",
        "/en/events/?page={page}",
        "/en/events/?page=0{n}",
        "/en/events/?type=&host=&year=&n={n}",
        "/en/events/?year=2018&type=partnership-meeting&x={n}",
        "/en/publications/?q=word{n}",
        "/en/publications/?sort=title&q=&type=&page={page}",
        "/en/partners/?country=X{n}",
        "/en/partners/?kind=&country=HR&s={n}",
        "/de/?session={n}",
        "/sitemap.xml?p=0{n}",
        "/sitemap.xml?p={page}",
    ]
    return [shapes[n % len(shapes)].format(n=n, year=1000 + n, page=3 + n) for n in range(count)]


@pytest.mark.slow  # two thousand renders: about two minutes
@pytest.mark.django_db
def test_two_thousand_junk_addresses_leave_the_cache_as_it_was(client, listings):
    junk = junk_addresses(2000)
    assert len(set(junk)) == 2000
    # Every page and fragment the junk could touch is cached first, as on a running site.
    for url in [*CANONICAL, "/de/", "/en/publications/", "/en/partners/", "/sitemap.xml"]:
        client.get(url)
    before = cache_entries()
    statuses = {client.get(url).status_code for url in junk}
    assert statuses <= {200, 404}
    assert cache_entries() == before
    # And the cache still works for the real addresses.
    assert is_served_from_the_cache(client, "/en/events/?year=2018")


# --- Several processes: gunicorn with two workers, a second process changing the restriction ---


class Browser:
    """A visitor or editor with cookies, through the proxy the production settings expect (HTTPS)."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def request(self, path, data=None, headers=None):
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data).encode() if data is not None else None,
            headers={
                "Accept-Language": "en",
                "X-Forwarded-Proto": "https",
                "Referer": self.base.replace("http://", "https://") + "/admin/",
                **({"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}),
                **(headers or {}),
            },
        )
        opener = urllib.request.build_opener(NoRedirects)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, response.read().decode(), response.headers


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def manage(environment, script):
    """Run Python in a second process of the site (manage.py shell), as an operator or a cron job would."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


BUILD_SCRIPT = f"""
from django.contrib.auth import get_user_model
from tests.inducult.factories import StandardPageFactory, build_site
home = build_site(title_de="InduCult2.0", slug_de="start")
page = StandardPageFactory(parent=home, title="Members' corner", slug="members", intro="{PRIVATE_TEXT}")
get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-editor-password")
print(page.pk)
"""

SESSION_SCRIPT = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(username="editor")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


@pytest.fixture(scope="module", params=["default", "redis"])
def served_site(request, postgres_template, tmp_path_factory):
    """The site under gunicorn with two workers and the production settings, on the throw-away cluster:
    once with the default cache (local copies in each worker), once with REDIS_URL."""
    cache_kind = request.param
    folder = tmp_path_factory.mktemp(f"consistency-{cache_kind}")
    database = f"inducult_consistency_{cache_kind}"
    postgres_template.create_database(database, template="inducult_template")
    environment = production_environment(
        postgres_template.url(database), folder, MEDIA_ROOT=str(folder / "media"), LOG_LEVEL="WARNING"
    )
    redis = None
    if cache_kind == "redis":
        redis_port = free_port()
        redis = subprocess.Popen(
            [redis_server_or_skip(), "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        environment["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=environment, check=True, capture_output=True
    )
    page_id = int(manage(environment, BUILD_SCRIPT))
    port = free_port()
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
            "60",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if Browser(base).request("/en/")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.2)
        yield {"base": base, "environment": environment, "page_id": page_id, "server": server, "cache": cache_kind}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=30)


def worker_pids(master_pid):
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True).stdout
    return sorted(int(pid) for pid in children.split())


def anonymous_answers(base, rounds=10):
    """What anonymous visitors get for the members' page: at its own address (which both workers have in
    their page cache) and with a fresh query string each time."""
    answers = []
    for number in range(rounds):
        for path in ("/en/members/", f"/en/members/?visit={time.time_ns()}-{number}"):
            status, body, _headers = Browser(base).request(path)
            answers.append((path, status, PRIVATE_TEXT in body, 'name="password"' in body))
    return answers


def warm(base):
    for _round in range(12):
        status, body, _headers = Browser(base).request("/en/members/")
        assert status == 200 and PRIVATE_TEXT in body


@pytest.mark.postgres
@pytest.mark.django_db  # so that the test database, whose schema the cluster copies, is set up
def test_a_restriction_set_in_one_workers_admin_holds_in_every_worker(served_site):
    base, page_id = served_site["base"], served_site["page_id"]
    assert len(worker_pids(served_site["server"].pid)) == 2
    warm(base)

    editor = Browser(base)
    editor.cookies["sessionid"] = manage(served_site["environment"], SESSION_SCRIPT)
    status, body, _headers = editor.request(f"/admin/pages/{page_id}/privacy/")
    assert status == 200, body[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', json.loads(body)["html"]).group(1)
    status, body, _headers = editor.request(
        f"/admin/pages/{page_id}/privacy/",
        {"csrfmiddlewaretoken": token, "restriction_type": "password", "password": PASSWORD},
        headers={"X-CSRFToken": token},
    )
    assert status == 200, body[:500]
    assert json.loads(body)["step"] == "set_privacy_done", body[:500]

    answers = anonymous_answers(base)
    leaks = [answer for answer in answers if answer[2]]
    assert leaks == [], f"{len(leaks)} of {len(answers)} answers were the private page ({served_site['cache']} cache)"
    assert all(answer[1] == 200 and answer[3] for answer in answers)


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_restriction_changed_by_a_second_process_holds_in_every_worker_at_once(served_site):
    base, environment, page_id = served_site["base"], served_site["environment"], served_site["page_id"]
    lift = f"from wagtail.models import PageViewRestriction; PageViewRestriction.objects.filter(page_id={page_id}).delete()"
    manage(environment, lift)
    warm(base)

    manage(
        environment,
        "from wagtail.models import Page, PageViewRestriction; "
        f"PageViewRestriction.objects.create(page=Page.objects.get(pk={page_id}), "
        f"restriction_type='password', password='{PASSWORD}')",
    )
    answers = anonymous_answers(base)
    leaks = [answer for answer in answers if answer[2]]
    assert leaks == [], f"{len(leaks)} of {len(answers)} answers were the private page ({served_site['cache']} cache)"

    # A visitor who knows the password sees the page; those who come after do not.
    visitor = Browser(base)
    status, body, _headers = visitor.request("/en/members/")
    action = re.search(r'action="([^"]+)"', body).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    status, _body, headers = visitor.request(
        action, {"csrfmiddlewaretoken": token, "password": PASSWORD, "return_url": "/en/members/"}
    )
    assert status == 302, _body[:500]
    for _round in range(6):
        status, body, _headers = visitor.request("/en/members/")
        assert status == 200 and PRIVATE_TEXT in body
    answers = anonymous_answers(base)
    assert [answer for answer in answers if answer[2]] == []

    # Lifted elsewhere: public again in every worker at once.
    manage(environment, lift)
    answers = anonymous_answers(base, rounds=5)
    assert all(answer[1] == 200 and answer[2] for answer in answers), answers


def test_a_default_cache_without_the_content_version_fails_the_system_check(settings):

    assert check_versioned_cache() == []
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [error.id for error in check_versioned_cache()] == ["core.E001"]
