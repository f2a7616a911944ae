"""The language switcher on every page type of the demo, in all eight languages: every language listed,
each entry leading to the same page in that language (a page that answers), the current one marked, the
languages the page is not translated into saying so in their own language, hreflang only for real ones."""

import os
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import translation
from wagtail.models import Page

from inducult.models import HomePage

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PARTLY_ENGLISH = {
    "de": "teilweise auf Englisch",
    "cs": "částečně v angličtině",
    "pl": "częściowo po angielsku",
    "sl": "deloma v angleščini",
    "hr": "djelomično na engleskom",
    "it": "in parte in inglese",
    "nl": "deels in het Engels",
}


@pytest.fixture(scope="module")
def demo_pages(django_db_setup, django_db_blocker):
    # Loaded once and rolled back at the end, so the other modules see the database as migrate left it.
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
        home = HomePage.objects.get()
        # One page of each type: the home page and the first live page of every other type.
        pages, seen = [home], {type(home)}
        for page in Page.objects.live().filter(depth__gt=2).specific().order_by("path"):
            if type(page) not in seen:
                seen.add(type(page))
                pages.append(page)
        yield pages
        transaction.set_rollback(True)


def switcher_links(html):
    switcher = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)" lang="([a-z]+)" hreflang="[a-z]+"([^>]*)>(.*?)</a>', switcher, re.S)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_offers_every_language_and_each_entry_answers(client, demo_pages, language):
    assert len(demo_pages) >= 10  # home, standard page, and the index and detail pages of four apps
    for page in demo_pages:
        with translation.override(language):
            url = page.get_url()
        html = client.get(url).content.decode()
        links = switcher_links(html)
        assert [code for _href, code, _attrs, _text in links] == LANGUAGES, url
        hreflangs = set(re.findall(r'<link rel="alternate" hreflang="([a-z]+)"', html))
        for href, code, attributes, text in links:
            with translation.override(code):
                assert href == page.get_url(), (url, code)
            assert client.get(href).status_code == 200, href
            if code == language:
                assert 'aria-current="true"' in attributes
            elif code in hreflangs:
                assert "is-partial" not in attributes
            else:
                assert f"({PARTLY_ENGLISH[code]})" in text, (url, code)
        assert "en" in hreflangs
