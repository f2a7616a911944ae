"""Visitors can tell translations from English fallback text, alternates list only real translations,
and the site search works in the visitor's language."""

import re
import xml.etree.ElementTree as ET

import pytest

from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partly_translated(home_page):
    """Title and introduction in German, the body only in English; no Czech at all."""
    return StandardPageFactory(
        parent=home_page,
        title="Heritage and identity",
        title_de="Erbe und Identität",
        slug="heritage",
        slug_de="erbe",
        intro="Industrial Culture shapes regional identity.",
        intro_de="Industriekultur prägt regionale Identität.",
        body=[("paragraph", "<p>The English body text.</p>")],
    )


def test_fallback_text_is_marked_english_with_a_note_in_the_visitors_language(client, partly_translated):
    content = client.get("/de/erbe/").content.decode()
    assert '<html lang="de"' in content
    assert re.search(r"<h1>Erbe und Identität</h1>", content)
    assert re.search(r'<p class="lead">Industriekultur prägt regionale Identität.</p>', content)
    assert re.search(r'<div class="stream"><div class="rich-text" lang="en"><p>The English body text.', content, re.S)
    assert "Teile dieser Seite sind noch nicht übersetzt" in content


@pytest.fixture
def highlights_partly_translated(home_page):
    """Four highlight blocks in English, the first of them translated into German (as written by hand:
    its own block id), no Czech: the demo's home page."""
    home_page.highlights_en = [
        ("quote", {"quote": "Industrial Culture is who we are.", "attribution": "InduCult2.0"}),
        ("call_to_action", {"heading": "The book", "text": "Read it.", "link_label": "Read", "link_url": "https://example.org/"}),
        (
            "call_to_action",
            {"heading": "The mapping tool", "text": "", "link_label": "Go", "link_url": "https://example.org/map"},
        ),
        ("video", {"title": "The film", "text": "", "url": "https://www.youtube.com/watch?v=abc", "embed_url": ""}),
    ]
    home_page.highlights_de = [("quote", {"quote": "Industriekultur sind wir.", "attribution": "InduCult2.0"})]
    home_page.save_revision().publish()
    return home_page


def test_a_partly_translated_stream_shows_every_english_block_marked_english(client, highlights_partly_translated):
    content = client.get("/de/").content.decode()
    highlights = content.split('class="container highlights"', 1)[1]
    assert "Industriekultur sind wir." in highlights
    assert "Industrial Culture is who we are." not in highlights
    # The other three blocks, in English and marked so, with their links and addresses from English.
    assert '<h3 class="cta__heading" lang="en">The book</h3>' in highlights
    assert '<h3 class="cta__heading" lang="en">The mapping tool</h3>' in highlights
    assert 'href="https://example.org/map"' in highlights
    assert '<h3 lang="en">The film</h3>' in highlights
    assert "Teile dieser Seite sind noch nicht übersetzt" in content


def test_a_fully_translated_page_has_no_note_and_no_english_marks(client, home_page):
    StandardPageFactory(parent=home_page, title="Imprint", title_de="Impressum", slug="imprint", slug_de="impressum", intro="")
    content = client.get("/de/impressum/").content.decode()
    assert "translation-note" not in content
    assert 'lang="en"' not in content.split("<main", 1)[1]


def test_an_untranslated_page_is_marked_english_throughout(client, partly_translated):
    content = client.get("/cs/heritage/").content.decode()
    assert '<h1 lang="en">Heritage and identity</h1>' in content
    assert '<p class="lead" lang="en">' in content
    assert "translation-note" in content


def test_listings_mark_untranslated_titles(client, home_page):
    index = EventIndexPageFactory(parent=home_page)
    EventPageFactory(parent=index, title="Final conference", title_de="Abschlusskonferenz", slug="final")
    EventPageFactory(parent=index, title="Kick-off meeting", slug="kick-off")
    content = client.get("/de/events/").content.decode()
    assert re.search(r'<a href="/de/events/final/">Abschlusskonferenz</a>', content)
    assert re.search(r'<a href="/de/events/kick-off/" lang="en">Kick-off meeting</a>', content)


def alternates(content):
    return dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"', content))


def test_hreflang_lists_only_the_languages_the_page_exists_in_and_the_switcher_all_eight(client, partly_translated):
    content = client.get("/de/erbe/").content.decode()
    assert alternates(content) == {
        "en": "http://testserver/en/heritage/",
        "x-default": "http://testserver/en/heritage/",
        "de": "http://testserver/de/erbe/",
    }
    switcher = content.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'hreflang="([a-z]+)"', switcher) == ["en", "de", "cs", "pl", "sl", "hr", "it", "nl"]
    # Each language the page is not translated into says so, in that language.
    assert 'href="/pl/heritage/" lang="pl" hreflang="pl" class="is-partial" title="polski: częściowo po angielsku"' in switcher
    assert "(částečně v angličtině)" in switcher
    assert 'href="/en/heritage/" lang="en" hreflang="en">' in switcher
    # Reached in Czech anyway, the page does not claim a Czech version.
    czech = client.get("/cs/heritage/").content.decode()
    assert "cs" not in alternates(czech)
    czech_switcher = czech.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/cs/heritage/" lang="cs" hreflang="cs" aria-current="true"' in czech_switcher


def test_the_switcher_keeps_the_query_and_leads_from_the_search_to_the_search(client, partly_translated):
    content = client.get("/de/erbe/?page=2").content.decode()
    assert 'href="/pl/heritage/?page=2"' in content
    search = client.get("/de/search/?q=erbe&type=inducult.standardpage").content.decode()
    assert 'href="/cs/search/?q=erbe&amp;type=inducult.standardpage" lang="cs"' in search


def test_the_sitemap_lists_each_page_in_the_languages_it_exists_in(client, partly_translated):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locations = [url.find("s:loc", ns).text for url in root.findall("s:url", ns)]
    heritage = [location for location in locations if "heritage" in location or "erbe" in location]
    assert sorted(heritage) == ["http://testserver/de/erbe/", "http://testserver/en/heritage/"]
    entry = next(url for url in root.findall("s:url", ns) if url.find("s:loc", ns).text.endswith("/de/erbe/"))
    links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
    assert links == {
        "en": "http://testserver/en/heritage/",
        "de": "http://testserver/de/erbe/",
        "x-default": "http://testserver/en/heritage/",
    }


@pytest.fixture
def searchable(home_page, partly_translated):
    partners = PartnerIndexPageFactory(parent=home_page)
    PartnerPageFactory(parent=partners, title="District of Zwickau", slug="zwickau", town="Zwickau", town_de="Zwickau")
    events = EventIndexPageFactory(parent=home_page)
    EventPageFactory(
        parent=events, title="Workshop on heritage", title_de="Werkstatt zum Erbe", slug="workshop", summary="Zwickau hosts it."
    )
    for number in range(12):
        StandardPageFactory(parent=home_page, title=f"Mining heritage {number}", slug=f"mining-{number}")


def result_titles(response):
    return re.findall(r'<p class="search-result__title"><a href="[^"]+"[^>]*>([^<]+)</a>', response.content.decode())


def test_search_finds_every_page_type_in_english(client, searchable):
    titles = result_titles(client.get("/en/search/?q=zwickau"))
    assert set(titles) == {"District of Zwickau", "Workshop on heritage"}


def test_search_uses_the_visitors_language_with_english_fallback(client, searchable):
    german = client.get("/de/search/?q=Erbe")
    assert set(result_titles(german)) >= {"Erbe und Identität", "Werkstatt zum Erbe"}
    # English words still find pages whose German text falls back to English.
    assert "Mining heritage 0" in result_titles(client.get("/de/search/?q=mining"))
    # German words do not find anything in English.
    assert result_titles(client.get("/en/search/?q=Werkstatt")) == []


def test_search_is_paginated_and_copes_with_empty_long_and_odd_queries(client, searchable):
    first = client.get("/en/search/?q=heritage")
    assert len(result_titles(first)) == 10
    assert "14 pages found." in first.content.decode()
    second = client.get("/en/search/?q=heritage&page=2")
    assert len(result_titles(second)) == 4
    assert client.get("/en/search/?q=heritage&page=999").status_code == 200
    assert client.get("/en/search/?q=heritage&page=-1").status_code == 200
    assert client.get("/en/search/").status_code == 200
    assert client.get("/en/search/?q=").status_code == 200
    too_long = client.get("/en/search/?q=" + "a" * 500)
    assert too_long.status_code == 200
    assert 'aria-invalid="true"' in too_long.content.decode()
    for odd in ["%00", "%27%22%3B--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%25%5F", "%E2%80%AE%F0%9F%8F%AD"]:
        response = client.get(f"/en/search/?q={odd}")
        assert response.status_code == 200, odd
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_menu_items_shown_in_english_are_marked_english(client, partly_translated):
    partly_translated.show_in_menus = True
    partly_translated.save_revision().publish()
    german = client.get("/de/").content.decode().split('class="main-menu"', 1)[1].split("</nav>", 1)[0]
    czech = client.get("/cs/").content.decode().split('class="main-menu"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/de/erbe/">Erbe und Identität</a>' in german
    assert '<a href="/cs/heritage/" lang="en">Heritage and identity</a>' in czech
