import base64
import re
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import TaskState

from partners.services import add_communication_manager, add_coordinator
from tests.inducult.factories import build_site
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A 1×1 transparent PNG, served in place of OpenStreetMap's tiles: the test never reaches the internet.
BLANK_TILE = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


@pytest.fixture
def partners(transactional_db):
    home = build_site()
    index = PartnerIndexPageFactory(parent=home, title_de="Partner", slug_de="partner")
    zwickau = PartnerPageFactory(parent=index, title="District of Zwickau", slug="zwickau", short_name="", role="lead")
    PartnerPageFactory(
        parent=index, title="BSC Kranj", slug="bsc", short_name="BSC", country="SI", latitude="46.23890", longitude="14.35560"
    )
    return {"home": home, "index": index, "zwickau": zwickau}


def test_map_loads_nothing_from_elsewhere_until_the_visitor_asks(partners, live_server, page, screenshot_dir):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(body=BLANK_TILE, content_type="image/png"))

    # goto returns after the load event: the page's deferred scripts (consent, map) have run, and whatever
    # they fetch by themselves, a remembered consent's map included, has been requested.
    page.goto(f"{live_server.url}/en/partners/")
    load_map = page.get_by_role("button", name="Load the map")
    expect(load_map).to_be_enabled()
    expect(page.locator("#partner-map")).to_be_hidden()
    hosts = {urlparse(url).hostname for url in requested}
    assert hosts == {"localhost"}, hosts
    assert not any("leaflet" in url for url in requested)
    page.screenshot(path=screenshot_dir / "partners-before-consent.png", full_page=True)

    # Leaflet asks for the tiles only once its script has loaded: wait for that request itself.
    with page.expect_request(lambda request: urlparse(request.url).hostname == "tile.openstreetmap.org"):
        load_map.click()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)
    page.locator(".leaflet-marker-icon[title='BSC']").click()
    expect(page.locator(".leaflet-popup-content a")).to_have_attribute("href", "/en/partners/bsc/")
    # Without JavaScript's help the list is complete anyway.
    expect(page.locator(".card--partner")).to_have_count(2)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name=re.compile("Sign in|Log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_coordinator_edits_manager_approves_visitor_sees_it(partners, live_server, browser, screenshot_dir):
    User = get_user_model()
    coordinator = User.objects.create_user("coordinator", password="pw")
    add_coordinator(user=coordinator, partner_page=partners["zwickau"])
    manager = User.objects.create_user("manager", password="pw")
    add_communication_manager(user=manager, site_root=partners["home"])
    zwickau = partners["zwickau"]

    coordinator_page = browser.new_page()
    log_in(coordinator_page, live_server, "coordinator")
    coordinator_page.goto(f"{live_server.url}/admin/pages/{zwickau.pk}/edit/")
    coordinator_page.fill("#id_town_en", "Zwickau (updated by the coordinator)")
    coordinator_page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click()
    coordinator_page.get_by_role("button", name=re.compile("Submit to Partner content approval")).click()
    expect(coordinator_page.locator(".messages")).to_contain_text("submitted")
    coordinator_page.screenshot(path=screenshot_dir / "admin-coordinator-submitted.png")

    visitor = browser.new_page()
    visitor.goto(f"{live_server.url}/en/partners/zwickau/")
    expect(visitor.locator(".partner__facts")).not_to_contain_text("updated by the coordinator")

    manager_page = browser.new_page()
    log_in(manager_page, live_server, "manager")
    manager_page.goto(f"{live_server.url}/admin/pages/{zwickau.pk}/edit/")
    manager_page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click()
    manager_page.get_by_role("button", name="Approve with comment and Publish").click()
    modal = manager_page.locator(".modal")
    modal.locator("textarea[name='comment']").fill("Thank you, approved.")
    modal.locator("button[type='submit']").click()
    expect(manager_page.locator(".messages")).to_contain_text("has been updated")
    manager_page.screenshot(path=screenshot_dir / "admin-manager-approved.png")

    visitor.goto(f"{live_server.url}/en/partners/zwickau/")
    expect(visitor.locator(".partner__facts")).to_contain_text("Zwickau (updated by the coordinator)")
    task_state = TaskState.objects.get(workflow_state__object_id=str(zwickau.pk))
    assert task_state.status == TaskState.STATUS_APPROVED
    assert task_state.comment == "Thank you, approved."
    assert task_state.finished_by.username == "manager"
