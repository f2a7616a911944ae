"""A visitor using only the keyboard: skip link, main navigation, language switcher, filters, agenda."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.events.factories import EventIndexPageFactory, EventPageFactory, agenda_day
from tests.inducult.factories import build_site
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.workpackages.factories import WorkPackageIndexPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

T = datetime.time


@pytest.fixture
def site(transactional_db):
    home = build_site(title_de="InduCult2.0", slug_de="start")
    WorkPackageIndexPageFactory(parent=home, title_de="Arbeitspakete", slug_de="arbeitspakete")
    partners = PartnerIndexPageFactory(parent=home, title_de="Partner", slug_de="partner")
    PartnerPageFactory(parent=partners, title="District of Zwickau", country="DE")
    PartnerPageFactory(parent=partners, title="Municipality of Leoben", country="AT")
    events = EventIndexPageFactory(parent=home)
    EventPageFactory(
        parent=events,
        title="5th partnership meeting",
        slug="5th-meeting",
        agenda=[
            agenda_day(
                datetime.date(2018, 10, 16),
                "Sisak",
                (T(14, 30), T(16, 30), "session", "Steering Committee", "Partner coordinators"),
                (T(14, 30), T(16, 30), "study_tour", "City tour", "Other participants"),
            ),
        ],
    )
    return home


def focused(page):
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {tag: element.tagName, id: element.id, name: element.name || "",
                    text: (element.getAttribute("aria-label") || element.innerText || "").trim(),
                    lang: element.getAttribute("lang") || "", outline: style.outlineStyle, outlineWidth: style.outlineWidth};
        }"""
    )


def tab_until(page, matches, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if matches(element):
            return element
    raise AssertionError("never reached by the Tab key")


def test_skip_link_main_menu_and_language_switcher(site, live_server, page):
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Skip to main content"
    assert first["outline"] != "none" and first["outlineWidth"] != "0px"  # focus is visible
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    page.goto(f"{live_server.url}/en/")
    order = [focused(page)["text"] for _ in range(18) if page.keyboard.press("Tab") is None]
    assert order[0] == "Skip to main content"
    assert order[1] == "InduCult2.0 home"
    # At desktop width the phone's "Menu" disclosure is no stop of its own: search, languages and menu follow.
    assert order[2] == "Search"
    # All eight languages, whatever the page is translated into (the home page here: German only).
    assert [text.split()[0] for text in order[3:11]] == ["EN", "DE", "CS", "PL", "SL", "HR", "IT", "NL"]
    assert order[11:15] == ["Overview", "Work packages", "Partners", "Events"]

    page.goto(f"{live_server.url}/en/")
    tab_until(page, lambda element: element["lang"] == "de")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/de/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    tab_until(page, lambda element: element["text"] == "Arbeitspakete")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/de/arbeitspakete/")


def test_partner_filters_work_from_the_keyboard(site, live_server, page):
    page.goto(f"{live_server.url}/en/partners/")
    tab_until(page, lambda element: element["name"] == "country")
    page.keyboard.type("Germany")
    tab_until(page, lambda element: element["text"] == "Filter")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/en/partners/?country=DE&kind=")
    expect(page.locator(".card--partner")).to_have_count(1)
    expect(page.locator(".card--partner")).to_contain_text("District of Zwickau")


def test_agenda_reads_in_order_and_its_calendar_link_is_reachable(site, live_server, page):
    page.goto(f"{live_server.url}/en/events/5th-meeting/")
    headings = page.get_by_role("heading").all_inner_texts()
    assert headings.index("Agenda") < next(index for index, text in enumerate(headings) if "Sisak" in text)
    strands = page.locator(".agenda-group--parallel .agenda-slot")
    expect(strands).to_have_count(2)
    tab_until(page, lambda element: element["text"] == "Add to calendar (.ics)")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "5th-meeting.ics"
