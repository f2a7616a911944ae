"""A visitor on a phone (360 px wide) with the demo content, in every language, without JavaScript: the header
leaves the first screen to the page (search, languages and menu behind a "Menu" disclosure), and a listing's
filters fold behind a "Filter (27 publications)" control that opens from the keyboard and is open while filters
are set. At desktop width the menu and the filters are shown as they always were."""

import os
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from events.models import EventIndexPage
from inducult.models import HomePage
from partners.models import PartnerIndexPage
from publications.models import PublicationIndexPage
from tests.inducult.factories import build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# The limit: header and menu together, before the page's own content.
PHONE_HEADER_LIMIT = 120


@pytest.fixture
def demo_site(transactional_db):
    # live_server tests start from an empty database: recreate the root page, locale and collection, then load
    # the real demo content, whose menu titles differ in length from language to language.
    build_site().delete()
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115


def url_of(model, language):
    with translation.override(language):
        return model.objects.get().url


@pytest.fixture
def without_javascript(browser):
    """Browser contexts with JavaScript off: the disclosures must work without the site's scripts."""
    contexts = []

    def new_page(viewport):
        context = browser.new_context(viewport=viewport, java_script_enabled=False)
        contexts.append(context)
        return context.new_page()

    yield new_page
    for context in contexts:
        context.close()


def box(locator):
    return locator.bounding_box()


def test_phone_header_leaves_the_screen_to_the_page_in_every_language(demo_site, live_server, without_javascript, screenshot_dir):
    page = without_javascript(PHONE)
    heights = {}
    for language in LANGUAGES:
        for name, model in [("home", HomePage), ("partners", PartnerIndexPage)]:
            page.goto(f"{live_server.url}{url_of(model, language)}")
            toggle = page.locator("summary.site-menu__toggle")
            menu_links = page.locator(".main-menu a")
            expect(toggle).to_be_visible()
            expect(menu_links.first).to_be_hidden()
            expect(page.locator(".language-switcher")).to_be_hidden()
            heights[f"{language} {name}"] = page.locator("main").evaluate("main => main.getBoundingClientRect().top")
            # The site's name and the menu control share one row, side by side, inside the screen.
            site_name, control = box(page.locator(".site-name")), box(toggle)
            assert site_name["x"] + site_name["width"] <= control["x"], f"{language} {name}: name and Menu overlap"
            assert control["x"] + control["width"] <= PHONE["width"]
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            if name == "home" and language in ("en", "pl", "hr"):
                page.screenshot(path=screenshot_dir / f"phone-header-{language}.png", clip={**PHONE, "x": 0, "y": 0})

            # Opened, it offers everything the desktop header has: search, all eight languages and the menu.
            toggle.click()
            expect(page.locator(".site-menu")).to_have_attribute("open", "")
            expect(page.locator(".search-link")).to_be_visible()
            expect(page.locator(".language-switcher a")).to_have_count(len(LANGUAGES))
            for link in page.locator(".language-switcher a").all():
                expect(link).to_be_visible()
            expect(menu_links.last).to_be_in_viewport()
            if name == "home" and language in ("en", "pl", "hr"):
                page.screenshot(path=screenshot_dir / f"phone-menu-{language}.png")
    too_tall = {where: height for where, height in heights.items() if height > PHONE_HEADER_LIMIT}
    assert too_tall == {}, heights


def test_phone_menu_opens_from_the_keyboard_and_leads_on(demo_site, live_server, without_javascript):
    page = without_javascript(PHONE)
    page.goto(f"{live_server.url}{url_of(HomePage, 'hr')}")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")
    toggle = page.locator("summary.site-menu__toggle")
    expect(toggle).to_be_focused()
    expect(page.locator(".language-switcher")).to_be_hidden()
    page.keyboard.press("Enter")
    expect(page.locator(".language-switcher")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator(".search-link")).to_be_focused()
    # Any language is reachable from there: Polish, by keyboard.
    for _ in range(len(LANGUAGES) + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('lang')") == "pl":
            break
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator(".main-menu a").first).to_be_hidden()  # the new page starts with the menu closed


def test_desktop_header_shows_the_whole_menu_in_every_language(demo_site, live_server, without_javascript):
    page = without_javascript(DESKTOP)
    for language in LANGUAGES:
        for model in (HomePage, PublicationIndexPage):
            page.goto(f"{live_server.url}{url_of(model, language)}")
            expect(page.locator("summary.site-menu__toggle")).to_be_hidden()
            expect(page.locator(".search-link")).to_be_visible()
            for link in page.locator(".language-switcher a").all():
                expect(link).to_be_visible()
            links = page.locator(".main-menu a").all()
            assert len(links) >= 5
            # One row across the top of the page, under the site's name, languages and search.
            tops = {round(box(link)["y"]) for link in links}
            assert len(tops) == 1, f"{language}: the menu wraps ({tops})"
            assert box(page.locator(".main-menu"))["y"] > box(page.locator(".site-name"))["y"]
            for link in links:
                expect(link).to_be_in_viewport()


LISTINGS = [
    (PublicationIndexPage, ".publication-card", "type=report", r"Filter \((\d+) publications?\)"),
    (EventIndexPage, ".event-card", "type=workshop", r"Filter \((\d+) events?\)"),
    (PartnerIndexPage, ".card--partner", "country=HR", r"Filter \((\d+) partners?\)"),
]


@pytest.mark.parametrize(("model", "card", "query", "label"), LISTINGS, ids=["library", "events", "partners"])
def test_phone_filters_fold_behind_a_control_that_counts_the_results(
    demo_site, live_server, without_javascript, model, card, query, label
):
    page = without_javascript(PHONE)
    url = f"{live_server.url}{url_of(model, 'en')}"
    page.goto(url)
    control = page.locator("summary.filters-disclosure__toggle")
    form = page.locator("form.filters")
    expect(control).to_be_visible()
    expect(form).to_be_hidden()
    shown = page.locator(card).count()
    assert shown > 1
    expect(control).to_have_text(re.compile(label))
    assert int(re.fullmatch(label, control.inner_text()).group(1)) == shown

    # Keyboard: Enter opens it, Space closes and opens it again.
    control.focus()
    page.keyboard.press("Enter")
    expect(form).to_be_visible()
    page.keyboard.press(" ")
    expect(form).to_be_hidden()
    page.keyboard.press(" ")
    expect(form).to_be_visible()
    page.keyboard.press("Tab")
    expect(form.locator("input, select").first).to_be_focused()

    # A filter in the address: open from the start, the count that of the filtered results.
    page.goto(f"{url}?{query}")
    expect(form).to_be_visible()
    filtered = page.locator(card).count()
    assert 0 < filtered < shown
    assert int(re.fullmatch(label, control.inner_text()).group(1)) == filtered


def test_phone_filters_open_for_a_filter_that_is_not_understood(demo_site, live_server, without_javascript):
    page = without_javascript(PHONE)
    page.goto(f"{live_server.url}{url_of(EventIndexPage, 'en')}?type=no-such-type")
    expect(page.locator("form.filters")).to_be_visible()
    expect(page.locator(".form-errors")).to_be_visible()


def test_phone_filter_control_speaks_the_visitors_language(demo_site, live_server, without_javascript):
    page = without_javascript(PHONE)
    page.goto(f"{live_server.url}{url_of(PublicationIndexPage, 'cs')}")
    count = page.locator(".filters__count").inner_text()
    control = page.locator("summary.filters-disclosure__toggle")
    # The count is the listing's own, in Czech ("5 publikací"), inside the control.
    expect(control).to_contain_text(count)


@pytest.mark.parametrize("model", [PublicationIndexPage, EventIndexPage, PartnerIndexPage])
def test_desktop_filters_are_shown_as_before(demo_site, live_server, without_javascript, model):
    page = without_javascript(DESKTOP)
    page.goto(f"{live_server.url}{url_of(model, 'en')}")
    expect(page.locator("summary.filters-disclosure__toggle")).to_be_hidden()
    expect(page.locator("form.filters")).to_be_visible()
    expect(page.locator("form.filters button[type=submit]")).to_be_visible()
