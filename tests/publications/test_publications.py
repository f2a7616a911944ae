"""The publication library, publication pages, citations, and what may be uploaded."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document

from demo.bulk import add_children_quickly
from publications.models import PublicationFile, PublicationPage
from tests.core.factories import PdfDocumentFactory, pdf_bytes
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory, PublicationTypeFactory
from tests.queries import count_queries
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory

pytestmark = pytest.mark.django_db


def add_files(publication, *languages):
    for language in languages:
        PublicationFile.objects.create(publication=publication, language=language, document=PdfDocumentFactory())


@pytest.fixture
def library(home_page):
    index = PublicationIndexPageFactory(parent=home_page, title_cs="Publikace", slug_cs="publikace")
    work_packages = WorkPackageIndexPageFactory(parent=home_page)
    t1 = WorkPackagePageFactory(parent=work_packages, code="T1", title="Establishing the concept", slug="t1")
    t2 = WorkPackagePageFactory(parent=work_packages, code="T2", title="Regional identity", slug="t2")
    partners = PartnerIndexPageFactory(parent=home_page)
    ksmas = PartnerPageFactory(parent=partners, title="KSMAS KK", slug="ksmas-kk", short_name="KSMAS KK", country="CZ")
    zwickau = PartnerPageFactory(parent=partners, title="District of Zwickau", slug="zwickau", short_name="", role="lead")
    book = PublicationTypeFactory(slug="book", name="Book", citation_kind="book", is_scientific=True)
    paper = PublicationTypeFactory(slug="argumentation-paper", name="Argumentation paper")
    minutes = PublicationTypeFactory(slug="minutes", name="Minutes")
    publications = {
        "paper": PublicationPageFactory(
            parent=ksmas,
            title="Regional argumentation paper",
            title_cs="Regionální argumentační dokument",
            slug="t131",
            publication_type=paper,
            output_code="T1.3.1",
            work_package=t1,
            publication_date=datetime.date(2018, 3, 1),
            abstract="<p>Why Industrial Culture matters in the Karlovy Vary region.</p>",
        ),
        "book": PublicationPageFactory(
            parent=index,
            title="The Transformative Power of Industrial Culture",
            slug="book",
            publication_type=book,
            work_package=t1,
            publication_date=datetime.date(2019, 5, 1),
            authors="Wirth, Peter; Černič Mali, Barbara",
            abstract="<p>From concepts to actions.</p>",
            licence="cc-by-4.0",
            featured=True,
        ),
        "minutes": PublicationPageFactory(
            parent=index,
            title="Minutes of the e-launch meeting",
            slug="minutes",
            publication_type=minutes,
            work_package=t2,
            publication_date=datetime.date(2016, 6, 29),
        ),
    }
    publications["paper"].authoring_partners.add(ksmas)
    publications["paper"].save()
    publications["book"].authoring_partners.add(zwickau, ksmas)
    publications["book"].save()
    add_files(publications["paper"], "en", "cs")
    add_files(publications["book"], "en", "de")
    add_files(publications["minutes"], "en")
    return {"index": index, "ksmas": ksmas, "t1": t1, **publications}


def listed(response):
    return re.findall(r'<p class="publication-card__title"><a href="[^"]+">([^<]+)</a></p>', response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            ["The Transformative Power of Industrial Culture", "Regional argumentation paper", "Minutes of the e-launch meeting"],
        ),
        (
            "?sort=oldest",
            ["Minutes of the e-launch meeting", "Regional argumentation paper", "The Transformative Power of Industrial Culture"],
        ),
        ("?type=book", ["The Transformative Power of Industrial Culture"]),
        ("?work_package=T1", ["The Transformative Power of Industrial Culture", "Regional argumentation paper"]),
        ("?partner=ksmas-kk", ["The Transformative Power of Industrial Culture", "Regional argumentation paper"]),
        ("?language=cs", ["Regional argumentation paper"]),
        ("?year=2016", ["Minutes of the e-launch meeting"]),
        ("?q=karlovy", ["Regional argumentation paper"]),
        ("?q=T1.3.1", ["Regional argumentation paper"]),
        ("?q=wirth", ["The Transformative Power of Industrial Culture"]),
        ("?work_package=T1&partner=zwickau&language=de", ["The Transformative Power of Industrial Culture"]),
        ("?work_package=T1&language=cs&q=paper&year=2018", ["Regional argumentation paper"]),
        ("?work_package=T2&type=book", []),
    ],
)
def test_filters_alone_and_combined(client, library, query, expected):
    response = client.get(f"/en/publications/{query}")
    assert response.status_code == 200
    assert listed(response) == expected


def test_search_finds_translated_titles_in_the_visitors_language(client, library):
    assert listed(client.get("/cs/publikace/?q=argumentační")) == ["Regionální argumentační dokument"]
    assert listed(client.get("/en/publications/?q=argumentační")) == []


@pytest.mark.parametrize(
    "query",
    [
        "?type=novel",
        "?work_package=T9",
        "?partner=nobody",
        "?language=fr",
        "?year=1999",
        "?year=20x6",
        "?sort=random",
        "?q=" + "x" * 5000,
        "?q=%27%3B+DROP+TABLE+wagtailcore_page%3B--",
        "?q=%3Cscript%3Ealert(1)%3C/script%3E",
        "?page=0",
        "?page=-5",
        "?page=abc",
        "?page=10000000000000000000000",
    ],
)
def test_unknown_filter_values_and_bad_page_numbers_get_a_clear_answer(client, library, query):
    response = client.get(f"/en/publications/{query}")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    if not query.startswith(("?page", "?q=%")):
        assert "Some filters were not understood" in content
    assert PublicationPage.objects.count() == 3


def test_filters_show_up_in_the_url_of_every_page_of_results(client, library):
    for number in range(13):
        PublicationPageFactory(parent=library["index"], title=f"Extra {number:02d}", work_package=library["t1"])
    content = client.get("/en/publications/?work_package=T1&sort=title").content.decode()
    assert 'href="?work_package=T1&amp;sort=title&amp;page=2"' in content
    assert len(listed(client.get("/en/publications/?work_package=T1&sort=title&page=2"))) == 3


@pytest.mark.parametrize("deep_offset", [0, 10**6])
def test_a_deep_page_shows_the_same_publications_when_read_by_their_ids_first(client, library, monkeypatch, deep_offset):
    # Past core.listing.DEEP_OFFSET a page's publications are found by their ids first (a narrow OFFSET).
    monkeypatch.setattr("core.listing.DEEP_OFFSET", deep_offset)
    for number in range(20):
        PublicationPageFactory(parent=library["index"], title=f"Extra {number:02d}", work_package=library["t1"])
    with override_settings(INDUCULT_PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        second = client.get("/en/publications/?work_package=T1&sort=title&page=2")
    assert listed(second) == [
        "Extra 12",
        "Extra 13",
        "Extra 14",
        "Extra 15",
        "Extra 16",
        "Extra 17",
        "Extra 18",
        "Extra 19",
        "Regional argumentation paper",
        "The Transformative Power of Industrial Culture",
    ]
    offsets = [query["sql"] for query in queries.captured_queries if " OFFSET " in query["sql"]]
    assert offsets
    only_ids = [sql for sql in offsets if "," not in sql.split(" FROM ")[0]]
    assert (only_ids == offsets) if deep_offset == 0 else not only_ids


@pytest.mark.parametrize("code", ["T1.3.1", "T4.1", "C1.2.3.4", "T12.10.1"])
def test_output_codes_accepted(library, code):
    library["book"].output_code = code
    library["book"].full_clean()


@pytest.mark.parametrize("code", ["t1.3.1", "T1", "T1.3.1.2.5", "T1-3-1", "1.3.1", "T1.3.", "T1..3"])
def test_output_codes_rejected(library, code):
    library["book"].output_code = code
    with pytest.raises(ValidationError) as error:
        library["book"].full_clean()
    assert "output_code" in error.value.message_dict


def test_files_come_in_the_visitors_language_first_then_english(library):
    paper = library["paper"]
    add_files(paper, "pl", "de")
    assert [file.language for file in paper.files_for_language("cs")] == ["cs", "en", "de", "pl"]
    assert [file.language for file in paper.files_for_language("hr")] == ["en", "de", "cs", "pl"]
    assert [file.language for file in paper.files_for_language("en")] == ["en", "de", "cs", "pl"]


def test_publication_page_offers_its_files_with_language_format_and_size(client, library):
    content = client.get("/cs/partners/ksmas-kk/t131/").content.decode()
    files = re.findall(r'<a href="(/documents/[^"]+)" hreflang="([a-z]+)" type="application/pdf" download>', content)
    assert [language for _url, language in files] == ["cs", "en"]
    assert '<a href="/cs/publikace/">' in content  # the whole library, in the visitor's language
    assert re.search(r"PDF, \d+(,\d+)?\xa0(bytů|bajtů|B|bytes)", content) or "PDF, " in content
    document = client.get(files[0][0])
    assert document.status_code == 200
    assert b"".join(document.streaming_content).startswith(b"%PDF-")


def test_a_publication_page_costs_as_many_queries_with_one_file_or_six(client, library):
    paper = library["paper"]  # a file in Czech and one in English
    with_two = count_queries(client, "/en/partners/ksmas-kk/t131/")
    add_files(paper, "de", "pl", "sl", "hr")
    paper.save_revision().publish()
    assert count_queries(client, "/en/partners/ksmas-kk/t131/") == with_two


def test_a_second_file_in_the_same_language_is_refused(library):
    paper = library["paper"]
    paper.files.add(PublicationFile(language="cs", document=PdfDocumentFactory()))
    with pytest.raises(ValidationError, match="one document per language"):
        paper.clean()


def test_citation_text(client, library):
    content = client.get("/en/publications/book/").content.decode()
    citation = re.search(r'<p class="citation__text">(.*?)</p>', content, re.S).group(1)
    assert citation == (
        "Wirth, Peter; Černič Mali, Barbara (2019). The Transformative Power of Industrial Culture. "
        "InduCult2.0 – Interreg CENTRAL EUROPE. http://testserver/en/publications/book/"
    )
    paper = re.search(r'<p class="citation__text">(.*?)</p>', client.get("/en/partners/ksmas-kk/t131/").content.decode()).group(1)
    assert paper.startswith("KSMAS KK (2018). Regional argumentation paper. Output T1.3.1.")


def test_bibtex_and_ris_for_scientific_publications(client, library):
    bibtex = client.get("/en/publications/book/cite/bibtex/")
    assert bibtex.status_code == 200
    assert bibtex["Content-Disposition"] == 'attachment; filename="book.bib"'
    text = bibtex.content.decode()
    assert text.startswith("@book{Wirth2019-")
    assert "author = {Wirth, Peter and Černič Mali, Barbara}," in text
    assert "year = {2019}," in text
    ris = client.get("/en/publications/book/cite/ris/").content.decode()
    assert ris.splitlines()[:4] == [
        "TY  - BOOK",
        "TI  - The Transformative Power of Industrial Culture",
        "AU  - Wirth, Peter",
        "AU  - Černič Mali, Barbara",
    ]
    assert ris.rstrip().endswith("ER  -")
    # Not offered for papers and minutes, and unknown formats are a 404.
    assert client.get("/en/partners/ksmas-kk/t131/cite/bibtex/").status_code == 404
    assert client.get("/en/publications/book/cite/endnote/").status_code == 404


def test_structured_data(client, library):
    content = client.get("/en/publications/book/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1))
    assert data["@type"] == "Book"
    assert data["datePublished"] == "2019-05-01"
    assert [author["name"] for author in data["author"]] == ["Wirth, Peter", "Černič Mali, Barbara"]
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert sorted(media["inLanguage"] for media in data["associatedMedia"]) == ["de", "en"]
    assert all(media["encodingFormat"] == "application/pdf" for media in data["associatedMedia"])


def test_work_package_partner_and_home_pages_list_their_publications(client, library):
    t1 = client.get("/en/work-packages/t1/").content.decode()
    assert "Regional argumentation paper" in t1 and "The Transformative Power" in t1 and "Minutes" not in t1
    ksmas = client.get("/en/partners/ksmas-kk/").content.decode()
    assert "Regional argumentation paper" in ksmas and "The Transformative Power" in ksmas
    home = client.get("/en/").content.decode()
    section = home[home.index('id="publications-heading"') :]
    assert listed_titles_in(section)[0] == "The Transformative Power of Industrial Culture"  # featured first


def listed_titles_in(html):
    return re.findall(r'<p class="publication-card__title"><a href="[^"]+">([^<]+)</a></p>', html)


@pytest.mark.slow
def test_library_query_count_is_the_same_for_10_and_1000_publications(client, library):
    report = library["minutes"].publication_type

    def add(count, offset):
        publications = add_children_quickly(
            library["index"],
            [
                PublicationPage(
                    title=f"Bulk {number}",
                    slug=f"bulk-{number}",
                    publication_type=report,
                    work_package=library["t1"],
                    publication_date=datetime.date(2016 + number % 4, 1, 1),
                )
                for number in range(offset, offset + count)
            ],
        )
        for publication in publications[::50]:
            add_files(publication, "en", "cs")
            publication.authoring_partners.add(library["ksmas"])

    add(7, 0)
    ten = count_queries(client, "/en/publications/")
    add(990, 7)
    assert PublicationPage.objects.count() == 1000
    thousand = count_queries(client, "/en/publications/")
    assert ten == thousand
    # Routing, privacy checks, menu and footer, and one query per filter's choices: a fixed cost.
    assert thousand <= 12
    assert count_queries(client, "/en/publications/?work_package=T1&language=cs&q=bulk&page=2") <= 12


# Uploads through Wagtail's document forms.


def upload(client, name, content):
    return client.post(
        "/admin/documents/add/", {"title": name, "file": SimpleUploadedFile(name, content), "collection": "1", "tags": ""}
    )


@pytest.fixture
def editor(client, admin_user, home_page):
    client.force_login(admin_user)
    return client


def test_a_pdf_upload_is_accepted(editor):
    response = upload(editor, "paper.pdf", pdf_bytes())
    assert response.status_code == 302
    assert Document.objects.filter(title="paper.pdf").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00", "Only PDF and office documents"),
        ("picture.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Only PDF and office documents"),
        ("disguised.pdf", b"MZ\x90\x00 not a pdf at all", "not that of a .pdf document"),
        ("disguised.docx", b"%PDF-1.4 but called docx", "not that of a .docx document"),
    ],
)
def test_disallowed_types_are_refused_with_a_clear_error(editor, name, content, message):
    response = upload(editor, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


@override_settings(INDUCULT_MAX_DOCUMENT_SIZE=1024)
def test_an_oversized_file_is_refused(editor):
    response = upload(editor, "big.pdf", pdf_bytes() + b"%" * 2048)
    assert response.status_code == 200
    assert "documents may be at most 1.0\xa0KB" in response.content.decode()
    assert not Document.objects.exists()


def test_the_multiple_upload_refuses_them_too(editor):
    response = editor.post("/admin/documents/multiple/add/", {"files[]": SimpleUploadedFile("x.pdf", b"not a pdf")})
    assert response.status_code == 200
    payload = response.json()
    assert payload["success"] is False
    assert "not that of a .pdf document" in json.dumps(payload)
    assert not Document.objects.exists()
