"""What a visitor sees: pages in their language, fallback, the switcher, redirects, errors, feeds."""

import gzip
import re
import xml.etree.ElementTree as ET

import pytest
import wagtail_factories
from django.template.loader import render_to_string
from django.utils import translation

from tests.inducult.factories import StandardPageFactory
from tests.queries import count_queries
from tests.workpackages.factories import WorkPackagePageFactory

pytestmark = pytest.mark.django_db


def html_lang(response):
    return re.search(r'<html lang="([^"]+)" dir="(ltr|rtl)"', response.content.decode()).group(1)


def test_home_page_renders_in_english_and_german(client, home_page):
    english = client.get("/en/")
    german = client.get("/de/")
    assert english.status_code == german.status_code == 200
    assert html_lang(english) == "en"
    assert html_lang(german) == "de"
    assert "The partnership established the idea" in english.content.decode()
    assert "Die Partnerschaft hat die Idee" in german.content.decode()
    assert "The partnership established the idea" not in german.content.decode()


def test_untranslated_field_falls_back_to_english(client, home_page):
    response = client.get("/pl/")
    assert response.status_code == 200
    assert html_lang(response) == "pl"
    assert "The partnership established the idea" in response.content.decode()


def test_work_package_pages_render_with_translated_slugs(client, work_package):
    english = client.get("/en/work-packages/t1-establishing/")
    german = client.get("/de/arbeitspakete/t1-konzept/")
    assert english.status_code == german.status_code == 200
    assert "Establishing and promoting the concept" in english.content.decode()
    assert "Das Konzept etablieren" in german.content.decode()
    # The German slug exists only under the German prefix.
    assert client.get("/en/arbeitspakete/t1-konzept/").status_code == 404


def test_language_switcher_links_to_the_same_page_in_each_language(client, work_package):
    content = client.get("/en/work-packages/t1-establishing/").content.decode()
    switcher = content[content.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    links = dict(re.findall(r'href="([^"]+)" lang="([a-z]+)"', switcher))
    by_language = {language: url for url, language in links.items()}
    assert by_language["de"] == "/de/arbeitspakete/t1-konzept/"
    assert by_language["en"] == "/en/work-packages/t1-establishing/"
    # Translated into German only: the other languages lead to the English text under their prefix
    # (tests/inducult/test_multilingual.py has the rest).
    assert by_language["pl"] == "/pl/work-packages/t1-establishing/"
    assert len(by_language) == 8
    assert 'aria-current="true"' in switcher


def test_hreflang_alternates_name_each_translation_and_a_default(client, work_package):
    content = client.get("/de/arbeitspakete/t1-konzept/").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', content))
    assert alternates["de"] == "http://testserver/de/arbeitspakete/t1-konzept/"
    assert alternates["x-default"] == "http://testserver/en/work-packages/t1-establishing/"
    assert set(alternates) == {"en", "de", "x-default"}


def test_main_menu_lists_menu_pages_in_the_active_language(client, work_package_index):
    StandardPageFactory(parent=work_package_index.get_parent(), title="Hidden page", show_in_menus=False)
    content = client.get("/de/").content.decode()
    menu = content[content.index('class="main-menu"') :]
    menu = menu[: menu.index("</nav>")]
    assert 'href="/de/arbeitspakete/">Arbeitspakete</a>' in menu
    assert "Hidden page" not in menu
    assert 'aria-current="page"' in menu


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("de-DE,de;q=0.9,en;q=0.8", "/de/"), ("cs", "/cs/"), ("fr-FR,fr;q=0.9", "/en/"), ("", "/en/")],
)
def test_root_redirects_to_the_browsers_language(client, home_page, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("path", ["/fr/", "/xx/work-packages/", "/EN-gb/", "/zz/"])
def test_unknown_language_prefix_is_not_found(client, home_page, path):
    assert client.get(path).status_code == 404


def test_not_found_page_speaks_the_visitors_language(client, home_page):
    response = client.get("/de/gibt-es-nicht/")
    assert response.status_code == 404
    assert html_lang(response) == "de"
    assert "Seite nicht gefunden" in response.content.decode()
    assert 'href="/de/"' in response.content.decode()


def test_server_error_page_is_standalone_and_translated():
    with translation.override("de"):
        html = render_to_string("500.html")
    assert '<html lang="de"' in html
    assert "Etwas ist schiefgegangen" in html
    assert 'href="/de/"' in html


def test_admin_stays_outside_the_language_prefixes(client, home_page):
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/en/admin/").status_code == 404


def test_sitemap_lists_every_page_in_each_of_its_languages_with_alternates(client, work_package):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locations = [loc.text for loc in tree.findall("s:url/s:loc", ns)]
    assert "http://testserver/en/work-packages/t1-establishing/" in locations
    assert "http://testserver/de/arbeitspakete/t1-konzept/" in locations
    assert "http://testserver/nl/" not in locations
    assert len(locations) == 3 * 2  # home, index, work package in English and German
    first = tree.find("s:url", ns)
    assert len(first.findall("x:link", ns)) == 3  # English, German and x-default
    # x-default is the English address: an unprefixed one would redirect by the browser's language,
    # to a 404 where that language's slug differs.
    x_defaults = [link.get("href") for link in tree.findall("s:url/x:link[@hreflang='x-default']", ns)]
    assert "http://testserver/en/work-packages/t1-establishing/" in x_defaults
    assert all(href.startswith("http://testserver/en/") for href in x_defaults)


def test_a_crawler_that_accepts_gzip_gets_the_same_sitemap_compressed(client, work_package):
    plain = client.get("/sitemap.xml")
    for _visit in range(2):  # built, then kept
        compressed = client.get("/sitemap.xml", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert compressed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in compressed["Vary"]
        assert compressed["Content-Type"] == plain["Content-Type"]
        assert gzip.decompress(compressed.content) == plain.content
    assert "Content-Encoding" not in client.get("/sitemap.xml", HTTP_ACCEPT_ENCODING="identity")


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, home_page):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_home_page_query_count_is_bounded_and_does_not_grow_with_work_packages(client, work_package_index):
    WorkPackagePageFactory(parent=work_package_index)
    few = count_queries(client, "/en/")
    for _ in range(8):
        WorkPackagePageFactory(parent=work_package_index)
    many = count_queries(client, "/en/")
    assert few == many
    # Routing and privacy checks, menu, footer, work packages, partner figures, events and their venues,
    # publications: a fixed cost (the performance issue brings every page to at most 12).
    assert many <= 12


def test_work_package_index_query_count_does_not_grow(client, work_package_index):
    WorkPackagePageFactory(parent=work_package_index)
    few = count_queries(client, "/en/work-packages/")
    for _ in range(8):
        WorkPackagePageFactory(parent=work_package_index)
    many = count_queries(client, "/en/work-packages/")
    assert few == many
    assert many <= 12


def test_images_come_as_modern_formats_in_several_sizes_with_dimensions_and_lazily(client, home_page):

    image = wagtail_factories.ImageFactory(file__width=1600, file__height=900, file__filename="photo.jpg")
    StandardPageFactory(
        parent=home_page,
        title="Gallery",
        slug="gallery",
        body=[("image", {"image": image, "alt_text": "A steel works at dusk", "caption": "Example photo"})],
    )
    content = client.get("/en/gallery/").content.decode()
    picture = content[content.index("<picture") : content.index("</picture>")]
    assert 'type="image/avif"' in picture and 'type="image/webp"' in picture
    assert picture.count("w,") >= 2  # srcset with several widths
    img = re.search(r"<img [^>]+>", picture).group(0)
    for attribute in ('width="', 'height="', 'loading="lazy"', 'alt="A steel works at dusk"', "sizes="):
        assert attribute in img, attribute


@pytest.mark.parametrize("path", ["/en/", "/de/", "/en/work-packages/", "/en/nope/"])
def test_visitors_get_no_cookies(client, work_package_index, path):
    response = client.get(path)
    assert response.cookies == {} or not any(response.cookies.values())


@pytest.mark.parametrize("url", ["/en/_floor/frame/", "/en/_floor/trivial/"])
def test_the_benchmarks_reference_pages_do_not_exist_on_a_site(client, home_page, url):
    # make bench switches them on with BENCH_FLOOR for its own servers only.
    assert client.get(url).status_code == 404
