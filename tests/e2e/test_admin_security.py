"""The Wagtail admin works under its own Content Security Policy (the autouse fixture in conftest.py
fails the test on any violation), and a locked-out login shows a clear page."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.events.factories import EventPageFactory
from tests.inducult.factories import build_site
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def event(transactional_db):
    home = build_site()
    partner = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home), title="BSC Kranj", slug="bsc")
    get_user_model().objects.create_superuser("admin", password="pw")
    return EventPageFactory(parent=partner, title="Partnership meeting", slug="meeting")


def log_in(page, live_server, password="pw"):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", password)
    page.get_by_role("button", name=re.compile("Sign in|Log in", re.I)).click()


def test_editing_previewing_and_uploading_break_no_admin_policy(event, live_server, page):
    log_in(page, live_server)
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}/admin/pages/{event.pk}/edit/")
    expect(page.locator("#id_start_date")).to_be_visible()
    # Inline panels and date pickers are built by Wagtail's inline scripts.
    page.get_by_role("button", name=re.compile("Add venue", re.I)).first.click()
    expect(page.locator("[id^='inline_child_venues-']").first).to_be_visible()
    page.locator("#id_start_date").click()
    page.keyboard.press("Escape")

    # The live preview frames the admin's own preview view.
    page.get_by_role("button", name=re.compile("Toggle preview", re.I)).click()
    frame = page.frame_locator("iframe[title*='Preview'], iframe#w-preview-iframe").first
    expect(frame.locator("h1")).to_contain_text("Partnership meeting")

    page.goto(f"{live_server.url}/admin/images/multiple/add/")
    expect(page.locator("#fileupload")).to_be_attached()
    page.goto(f"{live_server.url}/admin/documents/multiple/add/")
    expect(page.locator("#fileupload")).to_be_attached()


def test_a_locked_out_editor_sees_a_clear_page(event, live_server, page, screenshot_dir):
    for _attempt in range(5):
        log_in(page, live_server, password="not the password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")
    expect(page.locator(".messages")).to_contain_text("paused for 15 minutes")
    page.screenshot(path=screenshot_dir / "admin-sign-in-paused.png")
    log_in(page, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")
    page.get_by_role("link", name="Back to the sign-in page").click()
    expect(page.locator("#id_username")).to_be_visible()
