"""Every page type in all eight languages is valid HTML, checked by the W3C Nu HTML Checker (vnu-jar from the npm
registry) in one run over all the pages."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from events.models import EventIndexPage, EventPage
from inducult.models import HomePage, StandardPage
from partners.models import PartnerIndexPage, PartnerPage
from publications.models import PublicationIndexPage, PublicationPage
from tests import ROOT
from workpackages.models import WorkPackageIndexPage, WorkPackagePage

VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


@pytest.fixture(scope="module")
def validator():
    if not VNU_JAR.exists() or not shutil.which("java"):
        message = f"the Nu HTML Checker needs Java and {VNU_JAR} (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return VNU_JAR


NOT_FOUND = "does-not-exist"


def page_urls():
    """Every page type in every language (the search with results and a 404 among them), then the states
    that change the markup: filters, a filter value with no items, a query that is too long."""
    pages = [
        HomePage.objects.get(),
        WorkPackageIndexPage.objects.get(),
        WorkPackagePage.objects.get(code="T1"),
        PartnerIndexPage.objects.get(),
        PartnerPage.objects.get(short_name="KSMAS KK"),
        EventIndexPage.objects.get(),
        EventPage.objects.get(slug_en="5th-partnership-meeting-sisak-kranj"),
        PublicationIndexPage.objects.get(),
        PublicationPage.objects.get(output_code="T1.3.1"),
        StandardPage.objects.get(slug_en="imprint"),
    ]
    urls = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            urls += [page.url for page in pages]
        urls += [f"/{language}/search/?q=industrial", f"/{language}/{NOT_FOUND}/"]
    return urls + [
        "/cs/partneri/?kind=academic",
        "/en/partners/?country=XX",
        "/de/veranstaltungen/?year=2018",
        "/cs/publikace/?q=argumentační&language=cs",
        "/de/search/?q=industriekultur",
        "/en/search/?q=" + "x" * 300,
    ]


@pytest.mark.slow
@pytest.mark.django_db
def test_every_page_type_is_valid_html(client, validator, tmp_path):
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    files = {}
    for number, url in enumerate(page_urls()):
        response = client.get(url)
        assert response.status_code == (404 if NOT_FOUND in url else 200), url
        if "/search/?q=industrial" in url:
            # The results' markup is what is to be checked here, not the page without any.
            assert b'class="search-result"' in response.content, url
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(response.content)
        files[path.name] = url
    result = subprocess.run(
        ["java", "-jar", str(validator), "--errors-only", "--format", "json", *map(str, sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    # The checker names a file "file:/tmp/…/page-3.html": report the address it was fetched from instead.
    errors = [
        f"{files.get(message.get('url', '').rsplit('/', 1)[-1], message.get('url'))}: {message['message']}"
        for message in messages
    ]
    assert errors == []
