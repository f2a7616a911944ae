"""Addresses in Chromium through the real admin: a Czech title gives an ASCII slug as the editor types it, and
a German translator's new slug leaves the old German address leading to the new one."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.e2e.test_editor_matrix import EDITS_WATCHED_SCRIPT
from tests.inducult.factories import StandardPageFactory, build_site
from translations.roles import add_translator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-password"


@pytest.fixture
def site(transactional_db):
    home = build_site(title_de="InduCult2.0", slug_de="start")
    home.save_revision().publish()
    about = StandardPageFactory(
        parent=home, title="About the project", slug="about", title_de="Über das Projekt", slug_de="ueber-uns"
    )
    about.save_revision().publish()
    get_user_model().objects.create_superuser("manager", "manager@example.org", PASSWORD)
    add_translator(user=get_user_model().objects.create_user("translator-de", password=PASSWORD), language="de")
    return {"home": home, "about": about}


def sign_in(page, base_url, username):
    page.context.add_init_script(EDITS_WATCHED_SCRIPT)
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_an_editor_typing_a_czech_title_gets_an_ascii_slug(site, live_server, page):
    sign_in(page, live_server.url, "manager")
    page.goto(f"{live_server.url}/admin/pages/add/inducult/standardpage/{site['home'].pk}/")
    # The English title as a Czech coordinator writes it, and the Czech one.
    page.locator("#id_title_en").fill("Regionální akční plán Łódź")
    page.locator("#id_title_en").press("Tab")
    expect(page.locator("#id_slug_en")).to_have_value("regionalni-akcni-plan-lodz")
    # The Czech fields, shown with the admin's language picker.
    page.locator("button.locale-toggle", has_text=re.compile(r"^\s*cs\s*$")).first.click()
    page.locator("#id_title_cs").fill("Průmyslové dědictví Karlovarského kraje")
    page.locator("#id_title_cs").press("Tab")
    expect(page.locator("#id_slug_cs")).to_have_value("prumyslove-dedictvi-karlovarskeho-kraje")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("published")

    page.goto(f"{live_server.url}/cs/prumyslove-dedictvi-karlovarskeho-kraje/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Průmyslové dědictví Karlovarského kraje")
    page.goto(f"{live_server.url}/en/regionalni-akcni-plan-lodz/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Regionální akční plán Łódź")


def test_a_german_translators_new_slug_leaves_the_old_address_leading_to_it(site, live_server, page):
    page.goto(f"{live_server.url}/de/ueber-uns/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Über das Projekt")

    sign_in(page, live_server.url, "translator-de")
    edit_path = f"/admin/pages/{site['about'].pk}/edit/"
    # Wagtail watches the form for edits once the editing session has answered (then the change is autosaved).
    with page.expect_response(lambda response: "/admin/editing-sessions/ping/" in response.url):
        page.goto(f"{live_server.url}{edit_path}?translate=de")
    page.locator("html[data-edits-watched]").wait_for(state="attached")
    page.get_by_role("tab", name="Promote").click()
    page.locator("#id_slug_de").fill("ueber-das-projekt")
    page.locator("#id_slug_de").press("Tab")
    settled = '[data-w-autosave-state-value="saved"], [data-w-autosave-state-value="paused"]'
    page.locator(f"#w-autosave-indicator:is({settled})").wait_for(state="attached")
    page.locator('button[name="action-publish-translation"]').click()
    expect(page).to_have_url(re.compile(r"/admin/translations/\?language=de"))

    page.goto(f"{live_server.url}/de/ueber-uns/")
    expect(page).to_have_url(f"{live_server.url}/de/ueber-das-projekt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Über das Projekt")
    # The English page kept its address.
    page.goto(f"{live_server.url}/en/about/")
    expect(page).to_have_url(f"{live_server.url}/en/about/")
