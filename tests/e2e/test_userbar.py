"""Signed-in editors find "Edit this page" on the public site; visitors get nothing of it."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from partners.services import add_coordinator
from tests.inducult.factories import build_site
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partners(transactional_db):
    home = build_site()
    index = PartnerIndexPageFactory(parent=home, title_de="Partner", slug_de="partner")
    zwickau = PartnerPageFactory(parent=index, title="District of Zwickau", slug="zwickau", short_name="")
    bsc = PartnerPageFactory(parent=index, title="BSC Kranj", slug="bsc", short_name="BSC")
    coordinator = get_user_model().objects.create_user("coordinator", password="pw")
    add_coordinator(user=coordinator, partner_page=zwickau)
    return {"zwickau": zwickau, "bsc": bsc}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name=re.compile("Sign in|Log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_a_coordinator_goes_from_their_partner_page_to_its_edit_view(partners, live_server, page, screenshot_dir):
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/en/partners/zwickau/")

    page.get_by_role("button", name="View Wagtail quick actions").click()
    edit = page.get_by_role("menuitem", name="Edit this page")
    expect(edit).to_be_visible()
    page.screenshot(path=screenshot_dir / "userbar-coordinator.png")
    edit.click()
    expect(page).to_have_url(f"{live_server.url}/admin/pages/{partners['zwickau'].pk}/edit/")
    expect(page.locator("#id_town_en")).to_be_editable()

    # Another partner's page: the user bar is there, but offers no edit the coordinator may not make.
    page.goto(f"{live_server.url}/en/partners/bsc/")
    page.get_by_role("button", name="View Wagtail quick actions").click()
    expect(page.get_by_role("menuitem", name="Go to Wagtail admin")).to_be_visible()
    expect(page.get_by_role("menuitem", name="Edit this page")).to_have_count(0)


def test_a_visitor_gets_no_user_bar_and_loads_nothing_for_it(partners, live_server, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/en/partners/zwickau/")
    # The page's own content is there: the user bar, had there been one, comes after it.
    expect(page.locator("footer")).to_be_attached()
    assert page.locator("wagtail-userbar, #wagtail-userbar-template").count() == 0
    assert "userbar" not in page.content()
    assert [url for url in requested if "/static/wagtailadmin/" in url or "/admin/" in url] == []
