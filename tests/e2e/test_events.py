import datetime

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.events.factories import EventIndexPageFactory, EventPageFactory, agenda_day
from tests.inducult.factories import build_site
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

T = datetime.time


@pytest.fixture
def meeting(transactional_db):
    home = build_site()
    EventIndexPageFactory(parent=home, title_hr="Događanja", slug_hr="dogadanja")
    partners = PartnerIndexPageFactory(parent=home, title_hr="Partneri", slug_hr="partneri")
    sisak = PartnerPageFactory(
        parent=partners, title="Sisak-Moslavina County", title_hr="Sisačko-moslavačka županija", slug="sisak", country="HR"
    )
    event = EventPageFactory(
        parent=sisak,
        title="5th partnership meeting",
        title_hr="5. sastanak partnerstva",
        slug="5th-meeting",
        agenda=[
            agenda_day(
                datetime.date(2018, 10, 16),
                "Sisak",
                (T(13, 15), T(14, 30), "meal", "Lunch", ""),
                (T(14, 30), T(16, 30), "session", "5th Steering Committee meeting", "Partner coordinators"),
                (T(14, 30), T(16, 30), "study_tour", "Study or city tour", "Other participants"),
            ),
        ],
    )
    event.host_partners.add(sisak)
    event.save()
    return event


def test_croatian_visitor_reads_the_parallel_slot_and_downloads_the_calendar(meeting, live_server, page, screenshot_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/hr/partneri/sisak/5th-meeting/")
    expect(page.locator("html")).to_have_attribute("lang", "hr")
    expect(page.get_by_role("heading", level=1)).to_have_text("5. sastanak partnerstva")

    parallel = page.locator(".agenda-group--parallel")
    expect(parallel).to_have_count(1)
    strands = parallel.locator(".agenda-slot")
    expect(strands).to_have_count(2)
    expect(strands.nth(0)).to_contain_text("Partner coordinators")
    expect(strands.nth(1)).to_contain_text("Other participants")
    # Side by side on a wide screen...
    first, second = strands.nth(0).bounding_box(), strands.nth(1).bounding_box()
    assert first["y"] == second["y"] and second["x"] > first["x"]
    page.screenshot(path=screenshot_dir / "event-hr-desktop.png", full_page=True)
    # ...one after the other on a phone.
    page.set_viewport_size({"width": 360, "height": 800})
    first, second = strands.nth(0).bounding_box(), strands.nth(1).bounding_box()
    assert second["y"] > first["y"]
    page.screenshot(path=screenshot_dir / "event-hr-phone.png", full_page=True)

    with page.expect_download() as download_info:
        page.locator(".event__calendar a").click()
    download = download_info.value
    assert download.suggested_filename == "5th-meeting.ics"
    calendar = Calendar.from_ical(open(download.path(), "rb").read())
    summaries = [str(entry["summary"]) for entry in calendar.walk("VEVENT")]
    assert len(summaries) == 4
    assert any("Steering Committee" in summary for summary in summaries)


def tops(locator):
    return [round(box["y"]) for box in (locator.nth(index).bounding_box() for index in range(locator.count()))]


@pytest.mark.parametrize("language", ["hr", "de"])
def test_parallel_strands_line_up_whatever_wraps_and_stack_on_a_phone(meeting, live_server, page, screenshot_dir, language):
    # One strand's title takes several lines and its kind label ("Studijsko putovanje") wraps in its own way.
    meeting.agenda = [
        agenda_day(
            datetime.date(2018, 10, 16),
            "Sisak",
            (T(14, 30), T(16, 30), "session", "5th Steering Committee meeting", "Partner coordinators"),
            (
                T(14, 30),
                T(16, 30),
                "study_tour",
                "Study or city tour of Sisak's industrial heritage: the ironworks, the old town and the river port",
                "Other participants",
            ),
        )
    ]
    meeting.save()
    page.set_viewport_size({"width": 760, "height": 900})
    page.goto(f"{live_server.url}/{language}/partners/sisak/5th-meeting/".replace("/hr/partners/", "/hr/partneri/"))
    strands = page.locator(".agenda-group--parallel .agenda-slot")
    expect(strands).to_have_count(2)
    titles = strands.locator(".agenda-slot__title")
    audiences = strands.locator(".agenda-slot__audience")
    # Side by side: the titles' text ends at different heights, yet each row starts level with its neighbour's.
    text_ends = [titles.nth(index).evaluate("title => title.lastElementChild.getBoundingClientRect().bottom") for index in (0, 1)]
    assert text_ends[0] != text_ends[1]
    assert len(set(tops(strands.locator(".agenda-slot__time")))) == 1
    assert len(set(tops(titles))) == 1
    assert len(set(tops(audiences))) == 1
    page.locator(".agenda-group--parallel").screenshot(path=screenshot_dir / f"agenda-strands-{language}-tablet.png")

    # On a phone the strands stack, each whole, nothing overflowing the screen.
    page.set_viewport_size({"width": 360, "height": 800})
    first, second = strands.nth(0).bounding_box(), strands.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"]
    assert first["x"] == second["x"]
    assert audiences.nth(0).bounding_box()["y"] < second["y"]  # the first strand's audience stays in the first strand
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator(".agenda").screenshot(path=screenshot_dir / f"agenda-{language}-phone.png")
