"""Lighthouse's SEO audits (the category search engines' own tool reports) on every page type of the demo in
two languages: a score of 1.0 each. The site search's results pages are kept out of indexes on purpose
(`noindex`): there the only audit that fails is that one.

Lighthouse runs its own headless Chromium (scripts/lighthouse_seo.mjs, one browser for all URLs) against the
live server."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from events.models import EventIndexPage, EventPage
from inducult.models import HomePage, StandardPage
from partners.models import PartnerIndexPage, PartnerPage
from publications.models import PublicationIndexPage, PublicationPage
from tests import ROOT
from tests.e2e.conftest import CHROMIUM
from tests.inducult.factories import build_site
from workpackages.models import WorkPackageIndexPage, WorkPackagePage

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TOOLS = Path(os.environ.get("TOOLS_DIR", ROOT / ".tools"))
SCRIPT = ROOT / "scripts" / "lighthouse_seo.mjs"


@pytest.fixture
def lighthouse():
    missing = []
    if not (TOOLS / "node_modules" / "lighthouse" / "package.json").exists():
        missing.append(f"Lighthouse in {TOOLS} (make test installs it)")
    if not shutil.which("node"):
        missing.append("Node.js")
    if not CHROMIUM.exists():
        missing.append(f"Chromium at {CHROMIUM}")
    if missing:
        message = "the SEO audits need " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

    def run(urls):
        result = subprocess.run(
            ["node", str(SCRIPT), *urls],
            capture_output=True,
            text=True,
            timeout=60 * len(urls),
            cwd=ROOT,
            env={**os.environ, "TOOLS_DIR": str(TOOLS), "CHROME_PATH": str(CHROMIUM)},
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout)

    return run


@pytest.fixture
def demo_site(transactional_db):
    # live_server tests start from an empty database: recreate the root page, locale and collection, then
    # load the real demo content on top.
    build_site().delete()
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115


def page_type_urls(language):
    named = {
        "work package": WorkPackagePage.objects.get(code="T1"),
        "partner": PartnerPage.objects.get(short_name="KSMAS KK"),
        "event": EventPage.objects.get(slug_en="5th-partnership-meeting-sisak-kranj"),
        "publication": PublicationPage.objects.get(output_code="T1.3.1"),
        "standard page": StandardPage.objects.get(slug_en="imprint"),
    }
    for name, model in [
        ("home", HomePage),
        ("work package index", WorkPackageIndexPage),
        ("partner index", PartnerIndexPage),
        ("event index", EventIndexPage),
        ("library", PublicationIndexPage),
    ]:
        named[name] = model.objects.get()
    with translation.override(language):
        urls = {name: page.url for name, page in named.items()}
    urls["library, filtered"] = urls["library"] + "?language=cs"
    urls["search"] = f"/{language}/search/"
    return urls


# Every page type in English; in Czech the pages whose head differs most by language (translated slugs, a
# translated home page, a listing with filters, a detail page partly in English): at 8 s an address, the whole
# set twice would add two minutes to `make test`.
CZECH_SAMPLE = ("home", "library, filtered", "publication", "partner")


@pytest.mark.parametrize("language", ["en", "cs"])
def test_every_page_type_scores_1_in_lighthouse_seo(demo_site, live_server, lighthouse, language):
    urls = {
        name: live_server.url + path
        for name, path in page_type_urls(language).items()
        if language == "en" or name in CZECH_SAMPLE
    }
    results = lighthouse(list(urls.values()))
    below = {
        name: (results[url]["score"], [(audit["id"], audit["items"][:3]) for audit in results[url]["failed"]])
        for name, url in urls.items()
        if results[url]["score"] != 1 or results[url]["runtimeError"]
    }
    assert below == {}


def test_search_results_fail_only_the_indexing_audit_on_purpose(demo_site, live_server, lighthouse):
    url = f"{live_server.url}/en/search/?q=industrial"
    result = lighthouse([url])[url]
    assert [audit["id"] for audit in result["failed"]] == ["is-crawlable"]
