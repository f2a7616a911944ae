"""Every page type in all eight languages at phone and desktop widths: it renders, logs no console error,
has no axe-core violation (WCAG 2.1 A/AA rules), and requests nothing from another host.
Screenshots of every page in English and Czech (and of any page that fails, in any language) go to
screenshots/ (git-ignored) for a person to look at."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from events.models import EventIndexPage, EventPage
from inducult.models import HomePage, StandardPage
from partners.models import PartnerIndexPage, PartnerPage
from publications.models import PublicationIndexPage, PublicationPage
from tests import ROOT
from tests.inducult.factories import build_site
from workpackages.models import WorkPackageIndexPage, WorkPackagePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


AXE_JS = Path(os.environ.get("AXE_JS", ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"))
WIDTHS = {"phone": (360, 800), "desktop": (1280, 900)}
AXE_RUN = """async () => {
    const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return result.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`
    );
}"""


@pytest.fixture
def demo_site(transactional_db):
    # live_server tests start from an empty database: recreate the root page, locale and collection, then
    # load the real demo content on top.
    build_site().delete()
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    if not AXE_JS.exists():
        message = f"axe-core not found at {AXE_JS} (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def page_types():

    named = {
        "work-package": WorkPackagePage.objects.get(code="T1"),
        "partner": PartnerPage.objects.get(short_name="KSMAS KK"),
        "event": EventPage.objects.get(slug_en="5th-partnership-meeting-sisak-kranj"),
        "publication": PublicationPage.objects.get(output_code="T1.3.1"),
        "standard": StandardPage.objects.get(slug_en="privacy"),
    }

    for name, model in [
        ("home", HomePage),
        ("work-packages", WorkPackageIndexPage),
        ("partners", PartnerIndexPage),
        ("events", EventIndexPage),
        ("library", PublicationIndexPage),
    ]:
        named[name] = model.objects.get()
    return named


def urls_by_language(language):
    with translation.override(language):
        return {name: page.url for name, page in page_types().items()} | {
            "search": f"/{language}/search/?q=industrial",
            "not-found": f"/{language}/does-not-exist/",
        }


# Every page in these languages is photographed for a person to look at (the README's screenshots come from
# them); in the others only a page that fails, which keeps the run short.
SCREENSHOT_LANGUAGES = ("en", "cs")


@pytest.mark.parametrize("width_name", WIDTHS)
def test_every_page_type_is_accessible_and_private(demo_site, live_server, browser, width_name, screenshot_dir):
    failures, requests, console_errors = [], [], []

    def record_request(request):
        requests.append(request.url)

    def record_console(message):
        if message.type == "error":
            console_errors.append(message.text)

    # One browser context per width, reused for every language: the demo is loaded once and the browser
    # starts once, so eight languages cost little more than the pages themselves.
    width, height = WIDTHS[width_name]
    context = browser.new_context(viewport={"width": width, "height": height})
    # Injected by the browser itself, before the page's scripts: the page's Content Security Policy
    # (scripts from this host only, no inline script) stays in force for everything the page does.
    context.add_init_script(path=str(AXE_JS))
    page = context.new_page()
    page.on("request", record_request)
    page.on("console", record_console)
    for language, _name in settings.LANGUAGES:
        for name, url in urls_by_language(language).items():
            requests.clear()
            console_errors.clear()
            where = f"{language} {width_name} {name}"
            page_failures = []
            response = page.goto(f"{live_server.url}{url}")
            expected = 404 if name == "not-found" else 200
            if response.status != expected:
                failures.append(f"{where}: HTTP {response.status}")
                continue
            # goto returned after the load event: stylesheets, scripts and the images in view are loaded and
            # the page's scripts have run; what is measured below is what the visitor gets.
            if name == "search" and page.locator(".search-result").count() == 0:
                # The results' markup is what is to be checked here, not the page without any.
                page_failures.append(f"{where}: no search results to check")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                page_failures.append(f"{where}: {overflow}px wider than the screen")
            foreign = [request for request in requests if urlparse(request).hostname not in ("localhost", "127.0.0.1")]
            if foreign:
                page_failures.append(f"{where}: requests to other hosts {foreign}")
            # A 404 page logs the failed document request itself; anything else is a real error.
            errors = [error for error in console_errors if not (name == "not-found" and "404" in error)]
            if errors:
                page_failures.append(f"{where}: console errors {errors}")
            page_failures += [f"{where}: {violation}" for violation in page.evaluate(AXE_RUN)]
            if page_failures or language in SCREENSHOT_LANGUAGES:
                page.screenshot(path=screenshot_dir / f"{name}-{language}-{width_name}.png", full_page=True)
            failures += page_failures
    context.close()
    assert failures == []
