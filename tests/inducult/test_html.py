"""Every page type is valid HTML, checked by the W3C Nu HTML Checker (vnu-jar from the npm registry)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from events.models import EventPage
from inducult.models import StandardPage
from partners.models import PartnerPage
from publications.models import PublicationPage
from tests import ROOT
from workpackages.models import WorkPackagePage

VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


@pytest.fixture(scope="module")
def validator():
    if not VNU_JAR.exists() or not shutil.which("java"):
        message = f"the Nu HTML Checker needs Java and {VNU_JAR} (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return VNU_JAR


def page_urls():

    pages = [
        WorkPackagePage.objects.get(code="T1"),
        PartnerPage.objects.get(short_name="KSMAS KK"),
        EventPage.objects.get(slug_en="5th-partnership-meeting-sisak-kranj"),
        PublicationPage.objects.get(output_code="T1.3.1"),
        StandardPage.objects.get(slug_en="imprint"),
    ]
    urls = [
        "/en/",
        "/de/",
        "/cs/",
        "/en/work-packages/",
        "/de/arbeitspakete/",
        "/en/partners/",
        "/cs/partneri/?kind=academic",
        "/en/partners/?country=XX",
        "/en/events/",
        "/de/veranstaltungen/?year=2018",
        "/en/publications/",
        "/cs/publikace/?q=argumentační&language=cs",
        "/en/search/?q=industrial",
        "/de/search/?q=industriekultur",
        "/en/search/?q=" + "x" * 300,
    ]
    for page in pages:
        for language in ("en", "hr"):
            with translation.override(language):
                urls.append(page.url)
    return urls


@pytest.mark.slow
@pytest.mark.django_db
def test_every_page_type_is_valid_html(client, validator, tmp_path):
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    files = {}
    for number, url in enumerate([*page_urls(), "/de/gibt-es-nicht/"]):
        response = client.get(url)
        assert response.status_code == (404 if "gibt-es-nicht" in url else 200), url
        path = tmp_path / f"page-{number}.html"
        path.write_bytes(response.content)
        files[path.as_uri()] = url
    result = subprocess.run(
        ["java", "-jar", str(validator), "--errors-only", "--format", "json", *map(str, sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{files.get(message.get('url'), message.get('url'))}: {message['message']}" for message in messages]
    assert errors == []
