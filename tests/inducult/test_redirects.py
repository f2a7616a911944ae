"""Open redirects: no address a visitor can put in a link sends them from this site to another host."""

from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme

pytestmark = pytest.mark.django_db

LANGUAGE_HOMES = {"/en/", "/de/", "/cs/", "/pl/", "/sl/", "/hr/", "/it/", "/nl/"}
# Targets that browsers (or sloppy checks) treat as another host or as script.
HOSTILE_TARGETS = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "https:\\\\evil.example",
    "http:evil.example",
    "https:/evil.example",
    " //evil.example",
    "\t//evil.example",
    "/%09/evil.example",
    "%2F%2Fevil.example",
    "http://testserver@evil.example/",
    "http://evil.example\\@testserver/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://evil.example/",
]


def as_a_browser_reads_it(location, base="http://testserver/admin/login/"):
    """Where a browser goes: it drops leading controls and spaces and every tab and newline, reads a
    backslash as a slash, and resolves the rest against the current address (WHATWG URL parsing)."""
    cleaned = location.lstrip("".join(map(chr, range(0x21))))
    cleaned = cleaned.translate({ord("\t"): None, ord("\n"): None, ord("\r"): None, ord("\\"): "/"})
    return urlsplit(urljoin(base, cleaned))


def assert_stays_here(response):
    """Not a redirect, or one that a browser follows to this site."""
    if response.status_code not in (301, 302, 303, 307, 308):
        return
    location = response["Location"]
    target = as_a_browser_reads_it(location)
    assert target.scheme in ("http", "https"), location
    assert target.netloc == "testserver", location
    assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), location


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-editor-password")


def test_the_root_redirects_only_to_a_language_home(client, home_page):
    for accept_language in ("de", "cs-CZ,cs;q=0.9", "fr", "", "//evil.example", "https://evil.example", "de, //evil.example"):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
        assert response.status_code == 302
        assert response["Location"] in LANGUAGE_HOMES, accept_language
    for query in ("next=https://evil.example/", "next=//evil.example", "url=/\\evil.example", "redirect_to=javascript:alert(1)"):
        response = client.get(f"/?{query}")
        assert_stays_here(response)
        assert urlsplit(response["Location"]).path in LANGUAGE_HOMES


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example",
        "/\\evil.example/",
        "/\\/evil.example/",
        "/%2F%2Fevil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example/",
        "/https:/evil.example",
        "/https://evil.example/",
        "/en//evil.example",
        "/en/%2F%2Fevil.example",
        "/de/\\evil.example",
        "/en/../..//evil.example",
        "/admin//evil.example",
        "/documents//evil.example",
    ],
)
def test_paths_that_look_like_another_host_stay_on_this_site(client, home_page, path):
    # PATH_INFO directly: the test client would read "//evil.example" as a host name.
    for accept_language in ("en", "de"):
        response = client.get("/", PATH_INFO=path, HTTP_ACCEPT_LANGUAGE=accept_language)
        assert response.status_code < 500
        assert_stays_here(response)


def test_admin_login_only_follows_local_next_addresses(client, editor):
    for target in HOSTILE_TARGETS:
        response = client.post("/admin/login/", {"username": "editor", "password": "a-long-editor-password", "next": target})
        assert response.status_code == 302, target
        # "/%09/evil.example" is a path on this site (browsers do not decode it in a Location); the
        # rest fall back to the dashboard.
        assert_stays_here(response)
        client.logout()
    # A local address is followed: the check refuses hosts, not destinations.
    response = client.post("/admin/login/", {"username": "editor", "password": "a-long-editor-password", "next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"


def test_admin_login_for_a_signed_in_editor_only_follows_local_next_addresses(client, editor):
    client.force_login(editor)
    for target in HOSTILE_TARGETS:
        response = client.get("/admin/login/", {"next": target})
        assert_stays_here(response)


def test_the_login_form_does_not_echo_a_hostile_next_unescaped(client, editor):
    for target in ('"><script>alert(1)</script>', "javascript:alert(1)"):
        response = client.get("/admin/login/", {"next": target})
        assert response.status_code == 200
        assert '"><script>alert(1)</script>' not in response.content.decode()
        assert 'href="javascript:' not in response.content.decode()


def test_admin_logout_only_follows_local_next_addresses(client, editor):
    for target in HOSTILE_TARGETS:
        client.force_login(editor)
        response = client.post("/admin/logout/", {"next": target})
        assert response.status_code == 302, target
        assert_stays_here(response)


def test_the_site_has_no_language_switching_view_that_takes_a_target():
    # The language switcher is plain links to each language's page; Django's set_language view, which
    # redirects to a `next` parameter, is not installed.
    with pytest.raises(NoReverseMatch):
        reverse("set_language")
