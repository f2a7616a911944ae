"""wagtail-modeltranslation's "Copy content from" buttons: on translated StreamFields only, and they work.

A German translator starts the German description from the English blocks and publishes it.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.blocks import StreamValue

from partners.services import add_coordinator
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    PartnerIndexPageFactory,
    PartnerPageFactory,
    PublicationIndexPageFactory,
    PublicationPageFactory,
    build_site,
)
from translations.roles import add_translator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STREAM_PANEL = re.compile(r"^panel-child-content-(description|pilot_actions|body|agenda)_(en|de|cs|pl|sl|hr|it|nl)-section$")


@pytest.fixture
def pages(transactional_db):
    home = build_site()
    partner = PartnerPageFactory(
        parent=PartnerIndexPageFactory(parent=home),
        title="District of Zwickau",
        slug="zwickau",
        description=[("paragraph", "<p>Mining heritage, told by its people.</p>")],
    )
    partner.save_revision().publish()
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home), title="Summer school", slug="summer-school")
    publication = PublicationPageFactory(parent=PublicationIndexPageFactory(parent=home), title="Strategy", slug="strategy")
    User = get_user_model()
    User.objects.create_superuser("admin", "admin@example.org", "pw")
    add_translator(user=User.objects.create_user("translator", password="pw"), language="de")
    add_coordinator(user=User.objects.create_user("coordinator", password="pw"), partner_page=partner)
    return {"partner": partner, "event": event, "publication": publication}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.get_by_role("button", name=re.compile("Sign in|Log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def wait_for_the_editor_scripts(page):
    """Until every jQuery ready handler on the page has run: the package's, which adds the buttons, and
    ours, which removes those outside StreamFields. A handler added now runs after them."""
    page.evaluate("() => new Promise((resolve) => window.jQuery(() => resolve()))")


def test_copy_buttons_only_on_translated_streamfields_never_on_inline_panels(pages, live_server, page):
    log_in(page, live_server, "admin")
    inline_panels = {"partner": "Contact people", "event": "Venues", "publication": "Files"}
    for name, heading in inline_panels.items():
        page.goto(f"{live_server.url}/admin/pages/{pages[name].pk}/edit/")
        wait_for_the_editor_scripts(page)
        inline_panel = page.locator("section.w-panel", has=page.get_by_role("heading", name=heading, exact=True)).first
        expect(inline_panel).to_be_attached()
        assert inline_panel.locator(".translation-field-copy").count() == 0, name
        panels = page.evaluate(
            """Array.from(document.querySelectorAll('.translation-field-copy-wrapper'))
                 .map((wrapper) => wrapper.closest('section').id)"""
        )
        assert [panel for panel in panels if not STREAM_PANEL.match(panel)] == [], name
        # Two translated StreamFields in eight languages each; publications have none.
        assert len(panels) == (0 if name == "publication" else 16), name


def test_a_translator_starts_the_german_description_from_the_english_blocks(pages, live_server, page):
    partner = pages["partner"]
    log_in(page, live_server, "translator")
    page.goto(f"{live_server.url}/admin/pages/{partner.pk}/edit/?translate=de")
    german = page.locator("#panel-child-content-description_de-section")
    expect(german).to_be_visible()
    with page.expect_response(re.compile(r"/copy_translation_content/$")) as answer:
        german.locator(".translation-field-copy", has_text=re.compile("^en$")).click()
    assert answer.value.status == 200
    expect(german.locator("[contenteditable='true']")).to_contain_text("Mining heritage, told by its people.")
    page.get_by_role("button", name="Publish translation").click()
    expect(page.get_by_text("The translation of")).to_be_visible()

    partner.refresh_from_db()
    english, copied = partner.description_en, partner.description_de
    assert isinstance(copied, StreamValue)
    assert [(block.block_type, block.id) for block in copied] == [(block.block_type, block.id) for block in english]
    assert "Mining heritage, told by its people." in str(copied[0].value)


def test_the_address_refuses_a_signed_in_coordinator_a_page_not_theirs(pages, live_server, page):
    log_in(page, live_server, "coordinator")
    # The editor's own request, replayed by the browser for a page the coordinator may not edit.
    response = page.request.post(
        f"{live_server.url}/admin/pages/{pages['event'].pk}/edit/copy_translation_content/",
        headers={"X-Requested-With": "XMLHttpRequest"},
        form={"origin_field_name": "body_en", "target_field_name": "body_de", "serializedOriginField": "[]"},
    )
    assert response.status == 403
