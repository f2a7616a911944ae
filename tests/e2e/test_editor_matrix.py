"""Every editor's journey on every page of the demo site, in Chromium through the real admin.

For each page of the demo content and each role allowed to edit it, the test opens the edit view as that
person, changes one field the role may change and presses the role's main button:

- `translator-de` (with a German admin) and `translator-cs`: their language's title, *Publish translation*;
- the communication manager: the English title, *Publish*;
- the partner's coordinator (pages at and below their partner page): the English title, *Submit for approval*.

Each answer must be a redirect to where the admin goes after a successful save (never a 500, never a form
error on demo content), and afterwards the change is where it belongs: the public page in that language
shows the translated title, the public English page the manager's title, the coordinator's change waits in
the approval workflow and is not public. A browser sends what the edit form holds (disabled fields are not
sent), so this finds what hand-made form data cannot.

Pages run in parallel (one browser, one live server, a browser context per role and worker); the journeys on
one page run one after the other, in the order people would meet: translators, manager, coordinator.
"""

import asyncio
import functools
import os
import re
import threading
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from playwright.async_api import async_playwright
from wagtail.models import Page

from demo.loader import DEMO_ADMIN_PASSWORD, DEMO_MANAGER_USERNAME
from partners.models import PartnerPage
from tests.demo.site import load_demo_site
from tests.e2e.conftest import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRANSLATORS = {"translator-de": "de", "translator-cs": "cs"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Concurrent pages: PostgreSQL serves the live server's threads side by side; SQLite would lock.
WORKERS = 2 if connection.vendor == "postgresql" else 1


EDITS_WATCHED_SCRIPT = """
let connected = 0;
let watched = 0;
document.addEventListener("w-unsaved:ready", () => {
    connected += 1;
    delete document.documentElement.dataset.editsWatched;
});
document.addEventListener("w-unsaved:watch-edits", () => {
    watched += 1;
    if (watched >= connected) document.documentElement.dataset.editsWatched = "";
});
"""


@functools.cache
def own_version_titles():
    """Wagtail's "You saved a new version in another window", in every language the admin speaks."""
    titles = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles.add(translation.gettext("You saved a new version in another window"))
    return titles


@dataclass
class Journey:
    """One person's edit of one page, and what the browser saw."""

    page_id: int
    username: str
    field: str
    value: str
    button: str
    status: int | None = None
    landed_on: str = ""
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def language(self):
        return TRANSLATORS.get(self.username, "en")

    def __str__(self):
        return f"{self.username} on page {self.page_id} ({self.field})"


def coordinator_of(page, partners):
    for partner in partners:
        if page.path.startswith(partner.path):
            return f"coordinator-{partner.slug_en}"
    return None


def journeys_by_page():
    """{page id: [Journey, ...]} for every page of the demo site, in the order the journeys run."""
    partners = list(PartnerPage.objects.all())
    result = {}
    for page in Page.objects.filter(depth__gt=1).order_by("path").specific():
        journeys = [
            Journey(page.pk, username, f"title_{language}", f"{page.title_en} ({language} matrix)", "action-publish-translation")
            for username, language in TRANSLATORS.items()
        ]
        journeys.append(Journey(page.pk, DEMO_MANAGER_USERNAME, "title_en", f"{page.title_en} (published)", "action-publish"))
        coordinator = coordinator_of(page, partners)
        if coordinator:
            journeys.append(Journey(page.pk, coordinator, "title_en", f"{page.title_en} (submitted)", "action-submit"))
        result[page.pk] = journeys
    return result


async def sign_in(browser, base_url, username):
    locale = "de-DE" if username == "translator-de" else "en-GB"
    context = await browser.new_context(locale=locale)
    context.set_default_timeout(90_000)
    # Wagtail's unsaved-changes controller takes its picture of the loaded form two seconds after it connects
    # (w-unsaved:ready) and says so (w-unsaved:watch-edits); the edit form connects it again once comments have
    # loaded, so an edit counts as one only after the last of those pictures.
    await context.add_init_script(EDITS_WATCHED_SCRIPT)
    page = await context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            page.problems.append(message.text) if message.type == "error" and "Content Security Policy" in message.text else None
        ),
    )
    await page.goto(f"{base_url}/admin/login/")
    await page.fill("#id_username", username)
    await page.fill("#id_password", DEMO_ADMIN_PASSWORD)
    await page.click("form button[type=submit]")
    await page.wait_for_url(re.compile(r"/admin/$"))
    return page


async def run_journey(page, base_url, journey):
    page.problems.clear()
    query = f"?translate={journey.language}" if journey.language != "en" else ""
    edit_path = f"/admin/pages/{journey.page_id}/edit/"
    # A person reads the page before typing: by then the editing session has had its first answer, and
    # Wagtail watches the form for edits (so the change is autosaved, as theirs would be).
    async with page.expect_response(lambda response: "/admin/editing-sessions/ping/" in response.url):
        await page.goto(f"{base_url}{edit_path}{query}")
    await page.locator("html[data-edits-watched]").wait_for(state="attached")
    await page.locator(f"#id_{journey.field}").fill(journey.value)
    # ...and, like them, sees "Saved" (or "Autosave is paused") next to the title before pressing a button.
    indicator = page.locator("#w-autosave-indicator")
    settled = '[data-w-autosave-state-value="saved"], [data-w-autosave-state-value="paused"]'
    await page.locator(f"#w-autosave-indicator:is({settled})").wait_for(state="attached")
    if await indicator.get_attribute("data-w-autosave-state-value") == "paused":
        journey.errors.append(f"autosave paused: {await indicator.get_attribute('data-w-tooltip-content-value')}")
    button = page.locator(f'button[name="{journey.button}"]')
    if not await button.is_visible():
        # Publish and Submit sit in the action menu's "More actions" list, which opens once Wagtail's
        # scripts have connected its toggle (on a busy machine, after the page looks ready).
        toggle = page.locator("footer .w-dropdown__toggle").first
        for _attempt in range(10):
            if await toggle.get_attribute("aria-expanded") != "true":
                await toggle.click()
            try:
                await button.wait_for(state="visible", timeout=3_000)
                break
            except PlaywrightTimeoutError:
                continue
        else:
            raise AssertionError(f"the {journey.button} button never showed in the action menu")
    submitted = asyncio.get_running_loop().create_future()

    def form_answer(response):
        # The form's own submission, not an autosave (a background request to the same address).
        request = response.request
        if request.method == "POST" and edit_path in response.url and request.is_navigation_request():
            if not submitted.done():
                submitted.set_result(response)

    page.on("response", form_answer)
    try:
        async with page.expect_navigation(wait_until="domcontentloaded") as landing:
            await button.click()
            await answer_own_version_dialog(page, submitted, journey)
            response = await submitted
        landed = await landing.value
    finally:
        page.remove_listener("response", form_answer)
    journey.status = response.status
    journey.landed_on = page.url
    if response.status != 302:
        journey.errors.append(f"answer {response.status}")
        for message in await page.locator(".messages li, .error-message").all_inner_texts():
            journey.errors.append(message.strip())
    elif landed is None or landed.status != 200:
        journey.errors.append(f"the page after saving answered {landed.status if landed else 'nothing'}")
    journey.errors += page.problems


async def answer_own_version_dialog(page, submitted, journey):
    """Wait until the form is sent; if Wagtail asks first, answer as the person would.

    Wagtail 8 asks "You saved a new version in another window" when an editing-session ping that left before
    the person's own autosave is answered after it: the autosave's revision, by the same person, counts as
    newer than the one the ping named. Each person here has one window, so that question is the race and the
    person continues. Any other question (someone else's newer version, a network error) is a failure.
    """
    dialog = page.locator("#w-save-confirmation-dialog")
    asked = asyncio.ensure_future(dialog.wait_for(state="visible"))
    done, _pending = await asyncio.wait({asked, submitted}, return_when=asyncio.FIRST_COMPLETED)
    if asked not in done:
        asked.cancel()
        return
    title = (await page.locator("#title-text-w-save-confirmation-dialog").inner_text()).strip()
    if title not in own_version_titles():
        raise AssertionError(f"Wagtail asked before saving: {title!r}")
    journey.notes.append(title)
    await dialog.locator("[data-w-dialog-target=confirm]").click()


async def run_matrix(base_url, journeys):
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        queue = asyncio.Queue()
        for page_journeys in journeys.values():
            queue.put_nowait(page_journeys)

        async def worker():
            pages = {}
            while not queue.empty():
                page_journeys = queue.get_nowait()
                for journey in page_journeys:
                    if journey.username not in pages:
                        pages[journey.username] = await sign_in(browser, base_url, journey.username)
                    try:
                        await run_journey(pages[journey.username], base_url, journey)
                    except Exception as error:  # noqa: BLE001 - reported with the journey, the others go on
                        journey.errors.append(f"{type(error).__name__}: {error}")

        await asyncio.gather(*(worker() for _ in range(WORKERS)))
        await browser.close()


def public_html(page, language):
    with translation.override(language):
        url = page.get_url()
    response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"), reason=f"Chromium not found at {CHROMIUM}")
def test_every_role_edits_every_demo_page_in_the_browser(transactional_db, live_server):
    load_demo_site()
    journeys = journeys_by_page()
    # In a thread of its own: pytest-playwright's synchronous browser (other tests) keeps an event loop
    # running in this one.
    runner = threading.Thread(target=asyncio.run, args=(run_matrix(live_server.url, journeys),))
    runner.start()
    runner.join()

    failures = [f"{journey}: {'; '.join(journey.errors)}" for page in journeys.values() for journey in page if journey.errors]
    assert not failures, "\n".join(failures)

    for page_journeys in journeys.values():
        page = Page.objects.get(pk=page_journeys[0].page_id).specific
        latest = page.get_latest_revision_as_object()
        for journey in page_journeys:
            if journey.button == "action-publish-translation":
                # Published directly (nothing else waited in the page when the translators came first).
                assert getattr(page, journey.field) == journey.value, journey
                assert journey.value in public_html(page, journey.language), journey
            elif journey.button == "action-publish":
                assert page.title_en == journey.value, journey
                assert journey.value in public_html(page, "en"), journey
            else:
                assert page.workflow_in_progress, journey
                assert latest.title_en == journey.value, journey
                assert journey.value not in public_html(page, "en"), journey
        # Nobody's save renamed the page for the others: the admin title is the English one.
        assert page.draft_title == latest.title_en, page
    assert len(settings.LANGUAGES) == 8
