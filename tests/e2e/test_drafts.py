"""A coordinator's half-filled agenda survives: in Chromium through the real admin, on the demo content.

The coordinator of Sisak-Moslavina County clears the start of a time slot of the 5th partnership meeting:
autosave keeps working (no "Autosave is paused"), Save draft saves, and the reloaded form still holds the
slot without its start. The communication manager then presses Publish and gets a clear error on that
slot's start; the public page keeps the published agenda.
"""

import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.loader import DEMO_ADMIN_PASSWORD, DEMO_MANAGER_USERNAME, demo_coordinator_username
from events.models import EventPage
from tests.inducult.factories import build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = "input[name='agenda_en-0-value-slots-0-value-start']"
TITLE = "input[name='agenda_en-0-value-slots-0-value-title']"
# Wagtail's editor notices changes (and autosaves them) by comparing the form with the form as loaded. Each
# time its controller connects ("w-unsaved:ready") it schedules recording the loaded form, announced by
# "w-unsaved:watch-edits"; a change made before the last recording would count as loaded. This marks the
# page once every scheduled recording has happened.
RECORDS_LOADED_FORM = """
(() => {
    const counts = {ready: 0, recorded: 0};
    const mark = () => {
        document.documentElement.dataset.formRecorded = counts.ready > 0 && counts.recorded >= counts.ready ? "yes" : "no";
    };
    document.addEventListener("w-unsaved:ready", () => { counts.ready += 1; mark(); }, true);
    document.addEventListener("w-unsaved:watch-edits", () => { counts.recorded += 1; mark(); }, true);
})();
"""


@pytest.fixture
def meeting(transactional_db):

    # live_server tests start from an empty database: recreate the root page, locale and collection, then
    # load the demo content `make run` shows on top.
    build_site().delete()
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return EventPage.objects.get(slug_en="5th-partnership-meeting-sisak-kranj")


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_ADMIN_PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def first_slot(event):
    return event.agenda_en[0].value["slots"][0]


def test_coordinator_saves_a_slot_without_start_and_publishing_names_the_missing_start(meeting, live_server, page):
    edit_path = f"/admin/pages/{meeting.pk}/edit/"
    published_start = first_slot(meeting)["start"]
    slot_title = first_slot(meeting)["title"]

    page.add_init_script(RECORDS_LOADED_FORM)
    log_in(page, live_server, demo_coordinator_username(meeting.get_parent()))
    page.goto(f"{live_server.url}{edit_path}")
    start = page.locator(START)
    expect(start).to_have_value(published_start.strftime("%H:%M"))
    expect(page.locator("html")).to_have_attribute("data-form-recorded", "yes")

    # Autosave sends the form as JSON request while the coordinator types; it must answer success.
    def is_autosave(response):
        request = response.request
        return (
            request.method == "POST" and response.url.endswith(edit_path) and request.headers.get("accept") == "application/json"
        )

    with page.expect_response(is_autosave) as autosave:
        start.fill("")
        start.press("Tab")
    assert autosave.value.status == 200
    assert autosave.value.json()["success"] is True
    indicator = page.locator("#w-autosave-indicator")
    expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")
    expect(page.get_by_text("Autosave is paused")).to_be_hidden()

    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("has been updated")

    page.reload()
    expect(page.locator(START)).to_have_value("")
    expect(page.locator(TITLE)).to_have_value(slot_title)
    draft = EventPage.objects.get(pk=meeting.pk).get_latest_revision_as_object()
    assert first_slot(draft)["start"] is None

    page.context.clear_cookies()
    log_in(page, live_server, DEMO_MANAGER_USERNAME)
    page.goto(f"{live_server.url}{edit_path}")
    expect(page.locator(START)).to_have_value("")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()

    expect(page.locator(".messages")).to_contain_text("The page could not be saved due to validation errors")
    start_field = page.locator(START).locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' w-field ')][1]")
    expect(start_field).to_have_class(re.compile(r"\bw-field--error\b"))
    expect(start_field).to_contain_text("This field is required.")
    expect(page.locator(START)).to_have_attribute("aria-invalid", "true")

    # Nothing was published: visitors still see the slot's time.
    live = EventPage.objects.get(pk=meeting.pk)
    assert first_slot(live)["start"] == published_start
    page.goto(f"{live_server.url}{live.url}")
    public_slot = page.locator(".agenda-slot").filter(has_text=slot_title)
    expect(public_slot.locator(".agenda-slot__time time").first).to_have_text(published_start.strftime("%H:%M"))
