"""ASCII slugs in every language, and the earlier paths a page leaves when it is renamed or moved."""

import pytest
from wagtail.models import Page

from core.addresses import EarlierPath, ascii_slug
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title", "slug"),
    [
        ("cs", "Regionální akční plán Karlovarského kraje", "regionalni-akcni-plan-karlovarskeho-kraje"),
        ("cs", "Průmyslové dědictví: Ústí nad Labem", "prumyslove-dedictvi-usti-nad-labem"),
        ("pl", "Łódź – przemysłowa kultura województwa śląskiego", "lodz-przemyslowa-kultura-wojewodztwa-slaskiego"),
        ("hr", "Đakovo i Sisak: industrijska baština", "djakovo-i-sisak-industrijska-bastina"),
        ("sl", "Železarna Ravne – čezmejno sodelovanje", "zelezarna-ravne-cezmejno-sodelovanje"),
        ("de", "Industriekultur in der Großen Straße: Öffnungszeiten", "industriekultur-in-der-grossen-strasse-offnungszeiten"),
        ("it", "Città industriale – perché è così?", "citta-industriale-perche-e-cosi"),
        ("nl", "Café Ĳssel: ’s-Hertogenbosch", "cafe-ijssel-s-hertogenbosch"),
    ],
)
def test_titles_in_every_language_give_ascii_slugs(language, title, slug):
    # `language` names the case: the transliteration is the same whichever language a title is in.
    assert ascii_slug(title) == slug


def test_slugs_are_ascii_lower_case_and_never_longer_than_a_slug_can_be():
    assert ascii_slug("  —  ") == ""
    long = ascii_slug("Žluťoučký kůň " * 40)
    assert long.isascii() and len(long) <= 255 and not long.endswith("-")


def test_a_page_saved_with_non_ascii_slugs_gets_ascii_ones_in_every_language(home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="Regional action plan",
        slug="regionální-akční-plán",
        slug_pl="łódź-śląsk",
        slug_hr="đakovo",
        slug_de="große-straße",
    )
    page.refresh_from_db()
    assert (page.slug_en, page.slug_pl, page.slug_hr, page.slug_de) == (
        "regionalni-akcni-plan",
        "lodz-slask",
        "djakovo",
        "grosse-strasse",
    )
    # The addresses follow the slugs, and an untranslated language keeps following English.
    assert page.url_path_pl.endswith("/lodz-slask/")
    assert page.url_path_cs.endswith("/regionalni-akcni-plan/")


def test_a_page_saved_without_a_slug_gets_one_from_its_title_next_to_its_siblings(home_page):
    StandardPageFactory(parent=home_page, title="Łódź", slug="lodz")
    page = home_page.add_child(instance=StandardPageFactory.build(title="Łódź", slug=""))
    assert Page.objects.get(pk=page.pk).slug_en == "lodz-2"


def test_an_edit_with_a_non_ascii_translated_slug_is_saved_ascii_and_moves_the_descendants(home_page):
    index = PartnerIndexPageFactory(parent=home_page)
    partner = PartnerPageFactory(parent=index, title="KSMAS KK", slug="ksmas-kk")
    index.slug_cs = "partneři"
    index.save_revision().publish()
    index.refresh_from_db()
    partner.refresh_from_db()
    assert index.slug_cs == "partneri"
    assert partner.url_path_cs.endswith("/partneri/ksmas-kk/")


@pytest.fixture
def published_partners(home_page):
    index = PartnerIndexPageFactory(parent=home_page, slug_de="partner")
    index.save_revision().publish()
    partner = PartnerPageFactory(parent=index, title="KSMAS KK", slug="ksmas-kk")
    partner.save_revision().publish()
    return Page.objects.get(pk=index.pk).specific, Page.objects.get(pk=partner.pk).specific


def earlier_paths():
    return sorted(EarlierPath.objects.values_list("language", "path", "page_id"))


def test_a_translated_slug_change_records_the_earlier_path_in_that_language_only(published_partners):
    index, partner = published_partners
    index.slug_de = "partnerschaft"
    index.save_revision().publish()
    assert earlier_paths() == [("de", "partner/", index.pk)]


def test_an_english_rename_records_every_language_that_followed_english(published_partners):
    index, partner = published_partners
    partner.slug_en = "ksmas"
    partner.save_revision().publish()
    # German too (the partner has no German slug), and German under the index's German slug.
    assert earlier_paths() == sorted(
        [("de", "partner/ksmas-kk/", partner.pk)]
        + [(code, "partners/ksmas-kk/", partner.pk) for code in ("en", "cs", "pl", "sl", "hr", "it", "nl")]
    )


def test_a_move_records_the_earlier_path_in_every_language(home_page, published_partners):
    index, partner = published_partners
    about = StandardPageFactory(parent=home_page, title="About", slug="about", slug_de="ueber-uns")
    about.save_revision().publish()
    partner.move(about, pos="last-child")
    partner.refresh_from_db()
    assert partner.url_path_de.endswith("/ueber-uns/ksmas-kk/")
    recorded = {language: path for language, path, page_id in earlier_paths() if page_id == partner.pk}
    followed_english = dict.fromkeys(("en", "cs", "pl", "sl", "hr", "it", "nl"), "partners/ksmas-kk/")
    assert recorded == followed_english | {"de": "partner/ksmas-kk/"}


def test_drafts_and_unpublished_pages_record_nothing(home_page):
    draft = StandardPageFactory(parent=home_page, title="Draft", slug="draft", live=False)
    draft.slug_en = "renamed-draft"
    draft.save()
    assert earlier_paths() == []


def test_a_page_back_at_an_earlier_path_drops_it(published_partners):
    index, partner = published_partners
    index.slug_de = "partnerschaft"
    index.save_revision().publish()
    index.slug_de = "partner"
    index.save_revision().publish()
    assert earlier_paths() == [("de", "partnerschaft/", index.pk)]


def test_a_deleted_page_takes_its_earlier_paths_with_it(published_partners):
    index, partner = published_partners
    index.slug_de = "partnerschaft"
    index.save_revision().publish()
    index.delete()
    assert earlier_paths() == []
