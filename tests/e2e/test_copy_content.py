"""wagtail-modeltranslation's "Copy content from" buttons are switched off: no editor sees them anywhere."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.inducult.factories import build_site
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory
from translations.roles import add_translator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pages(transactional_db):
    home = build_site()
    partner = PartnerPageFactory(
        parent=PartnerIndexPageFactory(parent=home),
        title="District of Zwickau",
        slug="zwickau",
        description=[("paragraph", "<p>Mining heritage, told by its people.</p>")],
    )
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home), title="Summer school", slug="summer-school")
    publication = PublicationPageFactory(parent=PublicationIndexPageFactory(parent=home), title="Strategy", slug="strategy")
    User = get_user_model()
    User.objects.create_superuser("admin", "admin@example.org", "pw")
    add_translator(user=User.objects.create_user("translator", password="pw"), language="de")
    return {"partner": partner, "event": event, "publication": publication}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name=re.compile("Sign in|Log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def wait_for_the_editor_scripts(page):
    """Until every jQuery ready handler of the edit view has run, the package's (which adds the buttons)
    included: a handler added now runs after them."""
    page.evaluate("() => new Promise((resolve) => window.jQuery(() => resolve()))")


def test_no_copy_buttons_on_streamfields_or_inline_panels(pages, live_server, page):
    log_in(page, live_server, "admin")
    for name in ("partner", "event", "publication"):
        page.goto(f"{live_server.url}/admin/pages/{pages[name].pk}/edit/")
        wait_for_the_editor_scripts(page)
        # The package's script did add them (StreamFields, and the contact people, venues or files panel)...
        assert page.locator(".translation-field-copy").count() > 0, name
        # ...and nobody sees or reaches them.
        expect(page.locator(".translation-field-copy:visible")).to_have_count(0)
        expect(page.get_by_text("Copy content from").locator("visible=true")).to_have_count(0)


def test_a_translator_sees_no_copy_buttons_on_their_language(pages, live_server, page):
    log_in(page, live_server, "translator")
    page.goto(f"{live_server.url}/admin/pages/{pages['partner'].pk}/edit/?translate=de")
    german = page.locator("#panel-child-content-description_de-section")
    expect(german).to_be_visible()
    wait_for_the_editor_scripts(page)
    expect(german.get_by_role("button", name="en", exact=True)).to_have_count(0)
    expect(page.locator(".translation-field-copy:visible")).to_have_count(0)
