"""A coordinator chooses their partner's logo in the admin: the image chooser offers their own collection's
images and the Common ones, never another partner's."""

import re

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Collection, Page

from partners.media_access import COMMON_COLLECTION
from partners.services import add_communication_manager, add_coordinator, set_up_partner
from tests.inducult.factories import build_site
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def partners(transactional_db):
    home = build_site()
    index = PartnerIndexPageFactory(parent=home)
    own = PartnerPageFactory(parent=index, title="District of Zwickau", slug="zwickau", short_name="ZWI")
    other = PartnerPageFactory(parent=index, title="BSC Kranj", slug="bsc", short_name="BSC", country="SI")
    User = get_user_model()
    coordinator = User.objects.create_user("coordinator", password="pw")
    add_coordinator(user=coordinator, partner_page=own)
    set_up_partner(partner_page=other)
    add_communication_manager(user=User.objects.create_user("manager", password="pw"), site_root=home)
    images = {}
    for name, collection in (("ZWI", "Zwickau logo"), ("BSC", "Kranj logo"), (COMMON_COLLECTION, "Project logo")):
        images[collection] = wagtail_factories.ImageFactory(title=collection, collection=Collection.objects.get(name=name))
    return {"own": own, "images": images}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name=re.compile("Sign in|Log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_coordinator_chooses_a_logo_from_their_own_or_the_common_collection(partners, live_server, page, screenshot_dir):
    own = partners["own"]
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/admin/pages/{own.pk}/edit/")
    page.get_by_role("button", name=re.compile("Choose an image", re.I)).first.click()

    modal = page.locator(".modal-dialog")
    expect(modal.get_by_text("Project logo")).to_be_visible()
    expect(modal.get_by_text("Zwickau logo")).to_be_visible()
    expect(modal.get_by_text("Kranj logo")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "admin-coordinator-image-chooser.png")

    # Searching for the other partner's image finds nothing either (once the results follow the search).
    modal.get_by_role("textbox", name=re.compile("Search", re.I)).fill("Kranj")
    expect(modal.get_by_text("Zwickau logo")).to_have_count(0)
    expect(modal.get_by_text("Kranj logo")).to_have_count(0)
    modal.get_by_role("textbox", name=re.compile("Search", re.I)).fill("Project")
    modal.get_by_text("Project logo").click()
    expect(modal).to_be_hidden()

    page.get_by_role("button", name=re.compile("^Save draft$", re.I)).click()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    draft = Page.objects.get(pk=own.pk).specific.get_latest_revision_as_object()
    assert draft.logo_id == partners["images"]["Project logo"].pk
