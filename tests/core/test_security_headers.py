"""Security headers: a Content Security Policy without inline scripts on the public site, a separate one
for the admin, and the other headers every response carries. The browser tests (tests/e2e/) fail on any
violation of these policies, so what the pages need after consent is allowed and nothing else."""

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from core.blocks import VideoBlock
from events.models import EventPage
from publications.models import PublicationFile, PublicationPage
from tests import ROOT
from tests.core.factories import PdfDocumentFactory
from tests.events.factories import EventPageFactory
from tests.inducult.factories import StandardPageFactory, build_site
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationPageFactory

pytestmark = pytest.mark.django_db

TEMPLATES = ROOT / "templates"
VIDEO = {
    "title": "Movie on Industrial Culture",
    "text": "",
    "url": "https://video.example.org/watch/trailer",
    "embed_url": "https://video.example.org/embed/trailer",
    "provider": "video.example.org",
}
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = [part.split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


class ScriptFinder(HTMLParser):
    """Collects what a browser would execute from the HTML itself: inline scripts, event handler
    attributes and javascript: addresses."""

    def __init__(self):
        super().__init__()
        self.problems, self.script_sources = [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "script":
            if attributes.get("src"):
                self.script_sources.append(attributes["src"])
            elif attributes.get("type") not in DATA_BLOCK_TYPES:
                self.problems.append(f"inline <script type={attributes.get('type')!r}>")


@pytest.fixture
def site(db):
    home = build_site(highlights=[("video", VIDEO)])
    index = PartnerIndexPageFactory(parent=home)
    partner = PartnerPageFactory(parent=index, title="District of Zwickau", slug="zwickau")
    event = EventPageFactory(parent=partner, title="Partnership meeting", slug="meeting", host_partners=[partner])
    publication = PublicationPageFactory(parent=partner, title="Regional strategy", slug="strategy")
    privacy = StandardPageFactory(parent=home, title="Privacy", slug="privacy", body=[("privacy_choices", None)])
    return {
        "home": "/en/",
        "partners": "/en/partners/",
        "partner": partner.url,
        "event": event.url,
        "publication": publication.url,
        "privacy": privacy.url,
        "not found": "/en/no-such-page/",
    }


def test_public_pages_run_scripts_only_from_files_on_this_host(client, site):
    for name, url in site.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "not found" else 200), name
        directives = policy(response)
        assert directives["script-src"] == ["'self'"], name
        assert directives["default-src"] == ["'self'"], name
        assert not any("unsafe" in source for sources in directives.values() for source in sources), name
        assert directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
        # Visitors get no cookies, so there is nothing for HttpOnly or SameSite to protect on these pages.
        assert not response.cookies, name

        finder = ScriptFinder()
        finder.feed(response.content.decode())
        assert finder.problems == [], name
        assert all(src.startswith("/static/") for src in finder.script_sources), (name, finder.script_sources)


def test_structured_data_stays_a_data_block_the_policy_does_not_touch(client, site):
    content = client.get(site["event"]).content.decode()
    assert '<script type="application/ld+json">' in content
    assert '"@type": "Event"' in content


def test_only_pages_that_embed_content_from_elsewhere_allow_its_host(client, site):
    home = policy(client.get(site["home"]))
    assert home["frame-src"] == ["https://video.example.org"]
    assert home["img-src"] == ["'self'"]

    partners = policy(client.get(site["partners"]))
    assert partners["img-src"] == ["'self'", "https://tile.openstreetmap.org", "data:"]
    assert partners["frame-src"] == ["'none'"]

    for name in ("event", "publication", "partner", "privacy"):
        directives = policy(client.get(site[name]))
        assert directives["frame-src"] == ["'none'"], name
        assert directives["img-src"] == ["'self'"], name


def test_no_template_writes_an_inline_script_or_event_handler():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
    problems = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text()
        problems += [f"{template.name}: {match}" for match in inline_script.findall(text)]
        problems += [f"{template.name}: {match}" for match in handler.findall(text)]
        problems += [f"{template.name}: javascript:" for _ in re.findall(r"javascript:", text, re.IGNORECASE)]
    assert problems == []


def test_the_admin_has_its_own_policy_that_still_allows_no_other_host(client, site, django_user_model):
    anonymous = policy(client.get("/admin/login/"))
    client.force_login(django_user_model.objects.create_superuser("admin", password="pw"))
    for response in (client.get("/admin/"), client.get("/admin/pages/")):
        directives = policy(response)
        assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
        assert directives["frame-ancestors"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        sources = {source for values in directives.values() for source in values}
        assert not any(source.startswith("http") for source in sources), sources
        assert "'unsafe-eval'" not in sources
        assert response["X-Frame-Options"] == "DENY"
    assert anonymous == directives


def test_a_preview_in_the_admin_keeps_the_public_policy_but_may_be_framed_by_the_admin(client, site, django_user_model):

    event = EventPage.objects.get(slug="meeting")
    revision = event.save_revision()
    client.force_login(django_user_model.objects.create_superuser("admin", password="pw"))
    response = client.get(f"/admin/pages/{event.pk}/revisions/{revision.pk}/view/")
    assert response.status_code == 200
    assert "Partnership meeting" in response.content.decode()
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]


def test_documents_keep_wagtails_own_stricter_policy(client, site):

    document = PdfDocumentFactory()
    # Visitors get only the files of public pages (inducult/file_access.py).
    PublicationFile.objects.create(publication=PublicationPage.objects.get(slug="strategy"), language="en", document=document)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_video_player_address_must_use_https():
    block = VideoBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({**VIDEO, "embed_url": "http://video.example.org/embed/trailer"}))
    assert block.clean(block.to_python(VIDEO))["embed_url"] == VIDEO["embed_url"]


def test_a_page_from_the_cache_keeps_what_its_policy_allowed_when_it_was_rendered(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get("/en/")
    assert "https://video.example.org" in policy(first)["frame-src"]
    with CaptureQueriesContext(connection) as queries:
        cached = client.get("/en/")
    assert len(queries) == 1  # served from the page cache: only the content version is read
    assert policy(cached)["frame-src"] == policy(first)["frame-src"]
    # And a page without the video does not inherit the allowance.
    assert "https://video.example.org" not in " ".join(policy(client.get("/en/partners/")).get("frame-src", []))
