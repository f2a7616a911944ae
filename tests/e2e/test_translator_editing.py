"""A German translator in Chromium: fills the home page's highlights block by block in the English
structure, and sees beside an outdated summary what changed in the English text."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Page
from wagtail.users.models import UserProfile

from tests.inducult.factories import build_site
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory
from translations.records import record_translations
from translations.roles import add_translator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HIGHLIGHTS = [
    ("quote", {"quote": "Industrial Culture is who we are.", "attribution": "InduCult2.0"}),
    (
        "call_to_action",
        {
            "heading": "Would you like to get even more inspired?",
            "text": "Discover the scientific publication.",
            "link_label": "Read it here",
            "link_page": None,
            "link_url": "https://example.org/book",
        },
    ),
    (
        "call_to_action",
        {
            "heading": "Looking for touristic offers on Industrial Culture?",
            "text": "",
            "link_label": "Go to the mapping tool",
            "link_page": None,
            "link_url": "https://example.org/map",
        },
    ),
]


@pytest.fixture
def site(transactional_db):
    home = build_site(
        title_de="InduCult2.0",
        highlights=HIGHLIGHTS,
        highlights_de=[("quote", {"quote": "Industriekultur sind wir.", "attribution": "InduCult2.0"})],
    )
    home.save_revision().publish()
    index = WorkPackageIndexPageFactory(parent=home, title_de="Arbeitspakete")
    work_package = WorkPackagePageFactory(
        parent=index,
        code="T2",
        title="Priming Industrial Culture",
        summary="The work package primed Industrial Culture as a feature of regional identity.",
        summary_de="Das Arbeitspaket stärkte Industriekultur als Merkmal regionaler Identität.",
    )
    work_package.save_revision().publish()
    record_translations(page=Page.objects.get(pk=work_package.pk).specific, confirmed_languages=["de"])
    work_package = Page.objects.get(pk=work_package.pk).specific
    work_package.summary_en = "The work package primed Industrial Culture as a unique feature of the partner regions' identity."
    work_package.save_revision().publish()
    record_translations(page=Page.objects.get(pk=work_package.pk).specific)
    translator = get_user_model().objects.create_user("translator-de", password="pw")
    add_translator(user=translator, language="de")
    UserProfile.objects.filter(user=translator).update(preferred_language="de")
    return {"home": home, "work_package": work_package}


def sign_in(page, base_url):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "translator-de")
    page.fill("#id_password", "pw")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_a_translator_fills_the_english_blocks_and_german_visitors_see_every_block(site, live_server, page):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/{site['home'].pk}/edit/?translate=de")
    german = page.locator('[id$="-highlights_de-section"]').first
    # The English blocks, in the English order: the quote translated, the two invitations to fill.
    expect(german.locator("[data-streamfield-child]")).to_have_count(3)
    expect(german.get_by_text("The blocks follow the English version")).to_be_visible()
    # No block can be added, moved or removed; the link to another website is English's.
    expect(german.locator("[data-streamfield-action]").first).to_be_hidden()
    heading = german.locator('input[name="highlights_de-1-value-heading"]')
    expect(heading).to_have_value("")
    expect(heading).to_have_attribute("placeholder", "Would you like to get even more inspired?")
    assert german.locator('input[name="highlights_de-1-value-link_url"]').evaluate("e => !!e.closest('[inert]')")
    heading.fill("Möchten Sie sich noch mehr inspirieren lassen?")
    german.locator('textarea[name="highlights_de-1-value-text"]').fill("Entdecken Sie die wissenschaftliche Publikation.")
    german.locator('input[name="highlights_de-1-value-link_label"]').fill("Hier lesen")
    page.locator('button[name="action-publish-translation"]').click()
    expect(page).to_have_url(re.compile(r"/admin/translations/\?language=de"))
    cell = page.get_by_role("row", name=re.compile("InduCult2.0")).locator('td[data-language="de"]')
    expect(cell).to_have_attribute("data-state", "partial")

    page.goto(f"{live_server.url}/de/")
    highlights = page.locator(".highlights")
    expect(highlights.get_by_role("heading", name="Möchten Sie sich noch mehr inspirieren lassen?")).to_be_visible()
    expect(highlights.get_by_role("link", name="Hier lesen")).to_have_attribute("href", "https://example.org/book")
    # The block nobody translated yet is there, in English, and says so.
    untranslated = highlights.get_by_role("heading", name="Looking for touristic offers on Industrial Culture?")
    expect(untranslated).to_have_attribute("lang", "en")
    expect(page.locator(".translation-note")).to_be_visible()


def test_an_outdated_translation_shows_what_changed_in_english(site, live_server, page):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/pages/{site['work_package'].pk}/edit/?translate=de")
    note = page.locator('[id$="-summary_de-section"] .translation-outdated')
    expect(note).to_be_visible()
    expect(note.locator("ins").first).to_contain_text("unique")
    expect(note.locator("del")).to_contain_text(["regional"])
    page.locator("#id_summary_de").fill(
        "Das Arbeitspaket stärkte Industriekultur als Alleinstellungsmerkmal der Identität der Partnerregionen."
    )
    page.locator('button[name="action-publish-translation"]').click()
    expect(page).to_have_url(re.compile(r"/admin/translations/\?language=de"))
    page.goto(f"{live_server.url}/admin/pages/{site['work_package'].pk}/edit/?translate=de")
    expect(page.locator("#id_summary_de")).to_be_visible()
    expect(page.locator(".translation-outdated")).to_have_count(0)
