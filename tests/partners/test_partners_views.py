"""The partner index and partner pages as visitors see them."""

import json
import re

import pytest
from django.utils import translation

from partners.models import PartnerPage
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.queries import count_queries
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_index(home_page):
    return PartnerIndexPageFactory(parent=home_page, title_de="Partner", slug_de="partner")


@pytest.fixture
def partners(partner_index):
    return {
        "zwickau": PartnerPageFactory(
            parent=partner_index,
            title="District of Zwickau",
            title_de="Landkreis Zwickau",
            slug="zwickau",
            short_name="",
            country="DE",
            kind="region",
            role="lead",
            town="Zwickau",
        ),
        "ifl": PartnerPageFactory(
            parent=partner_index,
            title="Leibniz Institute for Regional Geography",
            slug="ifl",
            short_name="IfL",
            country="DE",
            kind="academic",
            town="Leipzig",
        ),
        "graz": PartnerPageFactory(
            parent=partner_index,
            title="University of Graz",
            slug="graz",
            short_name="Uni Graz",
            country="AT",
            kind="academic",
            town="Graz",
        ),
        "ksmas": PartnerPageFactory(
            parent=partner_index,
            title="County Association of Local Action Groups of Karlovy Vary Region",
            slug="ksmas-kk",
            short_name="KSMAS KK",
            country="CZ",
            kind="region",
            town="Karlovy Vary region",
            town_cs="Karlovarský kraj",
            latitude=None,
            longitude=None,
        ),
    }


def listed_partner_titles(response):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


def test_index_groups_partners_by_country_in_english_and_german(client, partners):
    english = client.get("/en/partners/")
    german = client.get("/de/partner/")
    assert english.status_code == german.status_code == 200
    english_headings = re.findall(r'<h2 id="country-\d+">([^<]+)</h2>', english.content.decode())
    german_headings = re.findall(r'<h2 id="country-\d+">([^<]+)</h2>', german.content.decode())
    assert english_headings == ["Austria", "Czech Republic", "Germany"]
    assert german_headings == ["Deutschland", "Österreich", "Tschechien"]  # sorted in the visitor's language
    assert "Landkreis Zwickau" in german.content.decode()
    # The lead partner comes first within its country.
    assert listed_partner_titles(english)[-2:] == ["District of Zwickau", "Leibniz Institute for Regional Geography"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?country=DE", {"District of Zwickau", "Leibniz Institute for Regional Geography"}),
        ("?kind=academic", {"Leibniz Institute for Regional Geography", "University of Graz"}),
        ("?country=DE&kind=academic", {"Leibniz Institute for Regional Geography"}),
        ("?country=IT", set()),
        (
            "",
            {
                "District of Zwickau",
                "Leibniz Institute for Regional Geography",
                "University of Graz",
                "County Association of Local Action Groups of Karlovy Vary Region",
            },
        ),
    ],
)
def test_filters_by_country_and_kind(client, partners, query, expected):
    response = client.get(f"/en/partners/{query}")
    assert response.status_code == 200
    assert set(listed_partner_titles(response)) == expected
    if not expected:
        assert "No partner matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["?country=XX", "?kind=castle", "?country=DE&country=<script>alert(1)</script>", "?country=%00", "?kind=" + "a" * 5000],
)
def test_unknown_filter_values_get_a_clear_answer(client, partners, query):
    response = client.get(f"/en/partners/{query}")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Some filters were not understood" in content
    assert "<script>alert(1)</script>" not in content
    assert len(listed_partner_titles(response)) == 4  # nothing hidden by a filter it could not read


@pytest.mark.parametrize("language", ["en", "de", "cs"])
def test_each_card_and_marker_links_to_the_partners_own_address(client, partners, language):
    # The index reads partners as plain rows and builds their addresses itself: they must be the pages' own,
    # with a translated slug where there is one and the English one where there is not.
    zwickau = partners["zwickau"]
    zwickau.slug_de = "landkreis-zwickau"
    zwickau.save_revision().publish()
    expected = {}
    with translation.override(language):
        for partner in PartnerPage.objects.live():
            expected[partner.display_name] = partner.get_url()
        index_url = partners["zwickau"].get_parent().get_url()
    content = client.get(index_url).content.decode()
    card_links = re.findall(r'<h3 class="card__title"><a href="([^"]+)"', content)
    data = json.loads(re.search(r'<script id="partner-map-data" type="application/json">(.*?)</script>', content).group(1))
    assert {marker["name"]: marker["url"] for marker in data} == {
        name: url for name, url in expected.items() if name != "KSMAS KK"
    }
    assert sorted(card_links) == sorted(expected.values())
    for url in expected.values():
        assert client.get(url).status_code == 200, url
    if language == "de":
        assert "/de/partner/landkreis-zwickau/" in card_links


def test_map_data_lists_located_partners_and_loads_nothing_from_elsewhere(client, partners):
    content = client.get("/en/partners/").content.decode()
    data = json.loads(re.search(r'<script id="partner-map-data" type="application/json">(.*?)</script>', content).group(1))
    assert {marker["name"] for marker in data} == {"District of Zwickau", "IfL", "Uni Graz"}  # KSMAS KK has no location
    assert all(marker["url"].startswith("/en/partners/") for marker in data)
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', content)
    assert [url for url in external if not url.startswith("http://testserver/")] == []
    assert "Load the map" in content


def test_partner_page_shows_its_data_contacts_pilot_actions_and_work_packages(client, home_page, partners):
    ksmas = partners["ksmas"]
    ksmas.website = "https://www.example.org/ksmas"
    ksmas.pilot_actions_en = [
        ("pilot_action", {"title": "Mobile show-cases", "summary": "Production processes.", "status": "planned"})
    ]
    ksmas.contacts.create(name="Example Person", role_en="Coordinator (example)", email="person@example.org", phone="+420 000")
    ksmas.save()
    index = WorkPackageIndexPageFactory(parent=home_page)
    WorkPackagePageFactory(parent=index, code="T2", title="Priming Industrial Culture", lead_partner=ksmas)

    response = client.get("/en/partners/ksmas-kk/")
    content = response.content.decode()
    assert response.status_code == 200
    for expected in (
        "KSMAS KK",
        "Czech Republic",
        "Karlovy Vary region",
        "Industrial region",
        "Project partner",
        "Mobile show-cases",
        "Planned",
        "Example Person",
        "mailto:person@example.org",
        "T2: Priming Industrial Culture",
        "https://www.example.org/ksmas",
    ):
        assert expected in content, expected
    czech = client.get("/cs/partners/ksmas-kk/").content.decode()
    assert "Karlovarský kraj" in czech
    assert "Česko" in czech


def test_home_page_figures_come_from_the_partner_data(client, partners):
    content = client.get("/en/").content.decode()
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", content))
    assert figures == {"Partners": "4", "Countries": "3", "Industrial regions": "2", "Academic institutions": "2"}
    partners["graz"].unpublish()
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", client.get("/en/").content.decode()))
    assert figures["Partners"] == "3" and figures["Countries"] == "2"


@pytest.mark.slow
def test_index_query_count_is_the_same_for_10_and_100_partners(client, partner_index):
    countries = ["AT", "BE", "HR", "CZ", "DE", "IT", "PL", "SI"]
    for number in range(10):
        PartnerPageFactory(parent=partner_index, country=countries[number % 8])
    ten = count_queries(client, "/en/partners/")
    for number in range(90):
        PartnerPageFactory(parent=partner_index, country=countries[number % 8], kind="academic" if number % 5 else "region")
    hundred = count_queries(client, "/en/partners/")
    assert ten == hundred
    assert hundred <= 12
    assert count_queries(client, "/en/partners/?country=DE&kind=academic") == hundred


def test_partner_cards_mark_titles_and_towns_shown_in_english(client, partners):
    czech = client.get("/cs/partners/").content.decode()
    # KSMAS KK's town is translated into Czech, its title is not; the others have neither in Czech.
    assert '<a href="/cs/partners/ksmas-kk/" lang="en">County Association of Local Action Groups' in czech
    assert "<span>Karlovarský kraj</span>" in czech
    assert '<span lang="en">Zwickau</span>' in czech
    german = client.get("/de/partner/").content.decode()
    assert '<a href="/de/partner/zwickau/">Landkreis Zwickau</a>' in german
