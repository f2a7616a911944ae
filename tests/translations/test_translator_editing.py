"""Translators in the page editor: what a browser sends, whose title a save writes, what they may press,
StreamFields in the English structure, and what changed in an outdated text.

The browser itself is in tests/e2e/test_editor_matrix.py and tests/e2e/test_translator_editing.py; these
tests post the admin's forms the way a browser does (disabled fields left out).
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from core import stream_translation as streams
from core.blocks import HighlightsStreamBlock
from events.models import EventVenue
from partners.models import PartnerContact
from partners.services import set_up_partner
from tests.admin_forms import edit_form_data, translated_values
from tests.events.factories import EventPageFactory
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.translations.test_translations import latest, publish_new_revision, state_of
from translations import units as u
from translations.outdated import outdated_notes, word_diff
from translations.records import record_translations
from translations.roles import add_translator

pytestmark = pytest.mark.django_db


@pytest.fixture
def translator_de(db):
    user = get_user_model().objects.create_user("translator-de", password="pw")
    add_translator(user=user, language="de")
    # A German-speaking translator uses the admin in German.
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(preferred_language="de")
    return user


def as_a_browser_sends(page, user, data):
    """`data` without the fields the edit form renders disabled for `user`: browsers do not send them."""
    form_class = type(page).get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=page.get_parent())
    disabled = {form.add_prefix(name) for name, field in form.fields.items() if field.disabled}
    for formset in form.formsets.values():
        for child_form in formset.forms:
            disabled |= {child_form.add_prefix(name) for name, field in child_form.fields.items() if field.disabled}
    return {key: value for key, value in data.items() if key not in disabled}


# Pages with inline children -------------------------------------------------------------------------------


def test_a_translator_publishes_an_event_with_venues_as_a_browser_posts_it(client, home_page, translator_de):
    host = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home_page), title="Host")
    event = EventPageFactory(parent=host, title="5th partnership meeting", start_date=datetime.date(2018, 10, 15))
    event.venues = [EventVenue(name="Town hall", town="Sisak", country="HR")]
    event.save_revision().publish()
    event = latest(event)
    venue = event.venues.get()
    venues = inline_formset(
        [
            {
                "id": str(venue.pk),
                "name_en": "Town hall",
                **{f"name_{code}": "" for code in u.target_languages()},
                "name_de": "Rathaus",
                "town_en": "Sisak",
                **{f"town_{code}": "" for code in u.target_languages()},
                "country": "HR",
                "address": "",
                "latitude": "",
                "longitude": "",
                "ORDER": "1",
            }
        ],
        initial=1,
    )
    data = edit_form_data(event, title_de="5. Partnertreffen", venues=venues)
    data = {key: value for key, value in data.items() if not key.startswith("venues-0-") or key in _venue_keys(data)}
    client.force_login(translator_de)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[event.pk]) + "?translate=de",
        {**as_a_browser_sends(event, translator_de, data), "action-publish-translation": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    live = Page.objects.get(pk=event.pk).specific
    assert live.title_de == "5. Partnertreffen"
    assert [(v.name_en, v.name_de) for v in live.venues.all()] == [("Town hall", "Rathaus")]


def _venue_keys(data):
    return {key for key in data if key.startswith("venues-0-")}


def test_a_translator_publishes_a_partner_with_contacts_as_a_browser_posts_it(client, home_page, translator_de):
    partner = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home_page), title="Sisak-Moslavina County")
    partner.contacts = [PartnerContact(name="Ann", role="Coordinator")]
    partner.save_revision().publish()
    partner = latest(partner)
    contact = partner.contacts.get()
    contacts = inline_formset(
        [
            {
                "id": str(contact.pk),
                "name": "Ann",
                "role_en": "Coordinator",
                **{f"role_{code}": "" for code in u.target_languages()},
                "role_de": "Koordinatorin",
                "email": "",
                "phone": "",
                "ORDER": "1",
            }
        ],
        initial=1,
    )
    data = edit_form_data(partner, title_de="Gespanschaft Sisak-Moslavina", contacts=contacts)
    client.force_login(translator_de)
    posted = as_a_browser_sends(partner, translator_de, data)
    assert "contacts-0-id" in posted  # the child's id is what the formset needs to find the contact
    assert "contacts-0-name" not in posted
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[partner.pk]), {**posted, "action-publish-translation": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("translations:overview"))
    live = Page.objects.get(pk=partner.pk).specific
    assert live.title_de == "Gespanschaft Sisak-Moslavina"
    assert [(c.name, c.role_en, c.role_de) for c in live.contacts.all()] == [("Ann", "Coordinator", "Koordinatorin")]


def test_a_forged_child_id_of_another_page_is_a_form_error(client, home_page, translator_de):
    index = PartnerIndexPageFactory(parent=home_page)
    partner, other = PartnerPageFactory(parent=index, title="One"), PartnerPageFactory(parent=index, title="Two")
    partner.contacts = [PartnerContact(name="Ann", role="Coordinator")]
    partner.save()
    other.contacts = [PartnerContact(name="Bob", role="Director")]
    other.save()
    foreign = other.contacts.get()
    contacts = inline_formset(
        [{"id": str(foreign.pk), "role_de": "Direktor", "ORDER": "1"}],
        initial=1,
    )
    client.force_login(translator_de)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[partner.pk]), edit_form_data(partner, contacts=contacts))
    assert response.status_code == 200
    assert [c.role_de for c in Page.objects.get(pk=other.pk).specific.contacts.all()] in ([""], [None])


# Whose title a save writes --------------------------------------------------------------------------------


def test_a_german_translators_save_keeps_the_admin_title_and_shared_columns_english(client, home_page, translator_de):
    page = StandardPageFactory(parent=home_page, title="Privacy", slug="privacy", title_de="Datenschutz", slug_de="datenschutz")
    page.save_revision().publish()
    data = nested_form_data(
        {
            **translated_values(page, "title", "slug", "intro", "seo_title", "search_description"),
            **{f"body_{code}": streamfield([]) for code in ["en", *u.target_languages()]},
            "title_de": "Datenschutzerklärung",
            "slug_de": "datenschutzerklaerung",
        }
    )
    client.force_login(translator_de)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {**as_a_browser_sends(page, translator_de, data), "action-publish-translation": "1"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 302
    # Read the columns themselves: modeltranslation rewrites a query's "title" to the active language's column.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title, draft_title, slug, url_path, title_de, url_path_de FROM wagtailcore_page WHERE id = %s", [page.pk]
        )
        columns = [column[0] for column in cursor.description]
        stored = dict(zip(columns, cursor.fetchone(), strict=True))
    assert stored["title_de"] == "Datenschutzerklärung"
    assert (stored["title"], stored["draft_title"], stored["slug"]) == ("Privacy", "Privacy", "privacy")
    assert stored["url_path"].endswith("/privacy/")
    assert stored["url_path_de"].endswith("/datenschutzerklaerung/")
    revision = Page.objects.get(pk=page.pk).latest_revision
    assert revision.object_str == "Privacy"
    with translation.override("de"):
        assert Page.objects.get(pk=page.pk).specific.url.endswith("/datenschutzerklaerung/")


# What a translator may press -------------------------------------------------------------------------------


def test_translators_do_not_submit_pages_for_approval(client, home_page, translator_de):

    partner = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home_page), title="Partner")
    set_up_partner(partner_page=partner)
    client.force_login(translator_de)
    edit = reverse("wagtailadmin_pages:edit", args=[partner.pk])
    page = client.get(edit).content.decode()
    assert 'name="action-publish-translation"' in page
    assert 'name="action-submit"' not in page
    response = client.post(edit, {**edit_form_data(partner, title_de="Partner"), "action-submit": "1"}, follow=True)
    assert response.redirect_chain == [(edit, 302)]
    # In the German translator's admin language.
    assert "sie reichen keine Seiten zur Freigabe ein" in " ".join(str(message) for message in response.context["messages"])
    assert not Page.objects.get(pk=partner.pk).workflow_in_progress


# StreamFields in the English structure ------------------------------------------------------------------


HIGHLIGHTS = [
    ("quote", {"quote": "Industrial Culture is who we are.", "attribution": "InduCult2.0"}),
    (
        "call_to_action",
        {
            "heading": "The book",
            "text": "Read it.",
            "link_label": "Read it here",
            "link_page": None,
            "link_url": "https://example.org/book",
        },
    ),
    (
        "call_to_action",
        {"heading": "The mapping tool", "text": "", "link_label": "Go", "link_page": None, "link_url": "https://example.org/map"},
    ),
    (
        "video",
        {"title": "The film", "text": "", "url": "https://www.youtube.com/watch?v=abc", "embed_url": "", "provider": "YouTube"},
    ),
]


@pytest.fixture
def home_with_highlights(home_page):
    """The demo's home page: four highlights in English, one of them translated into German by hand."""
    home_page.highlights_en = HIGHLIGHTS
    home_page.highlights_de = [("quote", {"quote": "Industriekultur sind wir.", "attribution": "InduCult2.0"})]
    home_page.save_revision().publish()
    record_translations(page=Page.objects.get(pk=home_page.pk).specific)
    return Page.objects.get(pk=home_page.pk).specific


def highlights_cell(page, language="de"):
    cell = state_of(page, language)
    return [unit for unit in cell.missing if unit.key.startswith("highlights/")], cell


def test_each_block_of_a_stream_field_is_one_text_to_translate(home_with_highlights):
    missing, cell = highlights_cell(home_with_highlights)
    assert len(missing) == 3  # the book, the mapping tool and the film; the quote is translated
    assert cell.state == "partial"
    missing_cs, cell_cs = highlights_cell(home_with_highlights, "cs")
    assert len(missing_cs) == 4


def test_the_translators_editor_opens_with_the_english_blocks_to_fill(client, home_with_highlights, translator_de):
    client.force_login(translator_de)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[home_with_highlights.pk]) + "?translate=de")
    form = response.context["form"]
    shown = form.initial["highlights_de"]
    english = home_with_highlights.highlights_en
    assert [(child.block_type, child.id) for child in shown] == [(child.block_type, child.id) for child in english]
    assert shown[0].value["quote"] == "Industriekultur sind wir."
    assert shown[1].value["heading"] == "" and shown[1].value["link_url"] == "https://example.org/book"


def test_a_translators_stream_is_stored_in_english_structure(client, home_with_highlights, translator_de):
    english = list(home_with_highlights.highlights_en.raw_data)
    # The browser sends the blocks the editor opened with (English ids), with one more text filled, a link
    # "changed" and a block added at the end: only the texts count.
    posted = {
        "count": "5",
        "0": {"type": "quote", "id": english[0]["id"], "deleted": "", "order": "0",
              "value": {"quote": "Industriekultur sind wir.", "attribution": "InduCult2.0"}},
        "1": {"type": "call_to_action", "id": english[1]["id"], "deleted": "", "order": "1",
              "value": {"heading": "Das Buch", "text": "Lesen Sie es.", "link_label": "Hier lesen", "link_page": "",
                        "link_url": "https://forged.example/"}},
        "2": {"type": "call_to_action", "id": english[2]["id"], "deleted": "", "order": "2",
              "value": {"heading": "", "text": "", "link_label": "", "link_page": "", "link_url": "https://example.org/map"}},
        "3": {"type": "video", "id": english[3]["id"], "deleted": "", "order": "3",
              "value": {"title": "", "text": "", "url": "https://www.youtube.com/watch?v=abc", "embed_url": "", "provider": ""}},
        "4": {"type": "quote", "id": "", "deleted": "", "order": "4", "value": {"quote": "Ein neuer Block.", "attribution": ""}},
    }  # fmt: skip
    data = nested_form_data(
        {
            **translated_values(home_with_highlights, "title", "slug", "subtitle", "objectives_intro"),
            **{f"nutshell_{code}": rich_text("") for code in ["en", *u.target_languages()]},
            **{f"objectives_{code}": streamfield([]) for code in ["en", *u.target_languages()]},
            **{f"highlights_{code}": streamfield([]) for code in u.target_languages()},
            "highlights_de": posted,
        }
    )
    client.force_login(translator_de)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[home_with_highlights.pk]),
        {**as_a_browser_sends(home_with_highlights, translator_de, data), "action-publish-translation": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = Page.objects.get(pk=home_with_highlights.pk).specific
    stored = list(page.highlights_de.raw_data)
    # The two translated blocks, with the English ids and the English link; nothing added, nothing untranslated.
    assert [block["id"] for block in stored] == [english[0]["id"], english[1]["id"]]
    assert stored[1]["value"]["heading"] == "Das Buch"
    assert stored[1]["value"]["link_url"] == "https://example.org/book"
    missing, _cell = highlights_cell(page)
    assert len(missing) == 2
    assert page.highlights_en.raw_data[1]["value"]["heading"] == "The book"


def test_matching_blocks_by_id_or_by_position():

    block = HighlightsStreamBlock()
    english = [
        {"type": "quote", "id": "a", "value": {"quote": "One", "attribution": "X"}},
        {"type": "quote", "id": "b", "value": {"quote": "Two", "attribution": ""}},
    ]
    by_id = [{"type": "quote", "id": "b", "value": {"quote": "Zwei", "attribution": ""}}]
    by_position = [{"type": "quote", "id": "z", "value": {"quote": "Eins", "attribution": ""}}]
    assert [aligned.is_translated for _child, aligned in streams.aligned_blocks(block, english, by_id)] == [False, True]
    aligned = streams.aligned_blocks(block, english, by_position)
    assert [a.is_translated for _child, a in aligned] == [True, False]
    # The attribution the translation left empty comes from English.
    assert aligned[0][1].value == {"quote": "Eins", "attribution": "X"}
    assert streams.for_translators(block, english, by_id)[0]["value"] == {"quote": "", "attribution": ""}


# What changed in an outdated text ------------------------------------------------------------------------


def test_a_word_diff_shows_what_went_and_what_came():
    assert word_diff("The partners met in Sisak.", "The partners met in Zagreb and Sisak.") == [
        ("=", "The partners met in"),
        ("+", "Zagreb and"),
        ("=", "Sisak."),
    ]


def test_an_outdated_text_says_what_changed_in_english(work_package, translator_de):
    publish_new_revision(work_package, summary_de="Das Arbeitspaket widmete sich dem Neuen.")
    record_translations(page=Page.objects.get(pk=work_package.pk).specific, confirmed_languages=["de"])
    publish_new_revision(work_package, summary="The work package focused on what is new about Industrial Culture.")
    notes = outdated_notes(work_package, ["de"])
    assert [(note["field"], note["block"]) for note in notes] == [("summary_de", "")]
    assert ("+", "what is new about") in notes[0]["diff"]
    assert ("-", "the novelty of") in notes[0]["diff"]


def test_the_editor_carries_the_outdated_notes_for_the_translator(client, work_package, translator_de):
    publish_new_revision(work_package, summary_de="Das Arbeitspaket widmete sich dem Neuen.")
    record_translations(page=Page.objects.get(pk=work_package.pk).specific, confirmed_languages=["de"])
    publish_new_revision(work_package, summary="A new English summary.")
    client.force_login(translator_de)
    content = client.get(reverse("wagtailadmin_pages:edit", args=[work_package.pk]) + "?translate=de").content.decode()
    assert '"field": "summary_de"' in content
    assert "A new English summary." in content


def test_the_edit_forms_panel_ids_are_english_whoever_opens_it_first(client, work_package, translator_de):
    """Wagtail names panels' HTML ids once, after their headings; a German admin first must not make them
    German for everyone (wagtail-modeltranslation's scripts and the translators' editor look for them)."""
    type(work_package).get_edit_handler.cache_clear()
    client.force_login(translator_de)
    german = client.get(reverse("wagtailadmin_pages:edit", args=[work_package.pk]), HTTP_ACCEPT_LANGUAGE="de")
    assert "Inhalt" in german.content.decode()  # the German admin shows its German tab
    assert 'id="panel-child-content-summary_de-section"' in german.content.decode()
    assert "panel-child-inhalt" not in german.content.decode()
