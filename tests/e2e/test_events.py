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
