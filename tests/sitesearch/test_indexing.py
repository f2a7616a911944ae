"""The search table follows the site: what is published is found at once, in every language, and what is
unpublished, restricted, moved, renamed or deleted changes in the search as on the site."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.models import Page, PageViewRestriction

from demo.pdf import one_page_pdf
from publications.models import PublicationFile
from sitesearch import indexing
from sitesearch.models import DocumentText, SearchDocument
from sitesearch.query import Query, matching
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory


def found(text, language="en"):
    """The titles of the pages a visitor in `language` finds with `text`."""
    return sorted(matching(Query(text, language)).values_list("title", flat=True))


def publish(page):
    page.save_revision().publish()
    return page


def test_a_published_page_is_found_in_each_language_in_its_text_or_in_english(work_package):
    assert found("novelty") == ["Establishing and promoting the concept"]
    assert found("Neuen", "de") == ["Das Konzept etablieren"]
    # No Czech text: the Czech visitor finds the English page, marked as English.
    czech = SearchDocument.objects.get(page=work_package, language="cs")
    assert found("novelty", "cs") == ["Establishing and promoting the concept"]
    assert (czech.title_language, czech.url) == ("en", "/cs/work-packages/t1-establishing/")
    assert SearchDocument.objects.filter(page=work_package).count() == 8


def test_publishing_a_new_revision_replaces_the_words_at_once_and_a_draft_does_not(work_package):
    work_package.summary = "Scientific work defined its foundations."
    publish(work_package)
    assert found("novelty") == []
    assert found("foundation") == ["Establishing and promoting the concept"]

    draft = work_package.get_latest_revision_as_object()
    draft.summary = "A secret draft sentence about smelters."
    draft.save_revision()
    assert found("smelters") == []
    assert found("foundation") == ["Establishing and promoting the concept"]


def test_unpublishing_and_deleting_take_a_page_out_of_the_search(home_page):
    page = publish(StandardPageFactory(parent=home_page, title="Mining heritage", slug="mining"))
    assert found("mining") == ["Mining heritage"]
    page.unpublish()
    assert found("mining") == []
    publish(page)
    assert found("mining") == ["Mining heritage"]
    Page.objects.get(pk=page.pk).delete()
    assert not SearchDocument.objects.filter(page_id=page.pk).exists()


def test_a_view_restriction_hides_the_page_and_what_is_below_it_until_it_is_lifted(home_page):
    section = publish(StandardPageFactory(parent=home_page, title="Internal section", slug="internal"))
    below = publish(StandardPageFactory(parent=section, title="Internal minutes", slug="minutes"))
    restriction = PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert found("internal") == []
    restriction.delete()
    assert found("internal") == ["Internal minutes", "Internal section"]
    assert SearchDocument.objects.get(page=below, language="en").url == "/en/internal/minutes/"


def test_moving_or_renaming_a_section_changes_the_addresses_below_it(home_page):
    first = publish(StandardPageFactory(parent=home_page, title="First section", slug="first"))
    second = publish(StandardPageFactory(parent=home_page, title="Second section", slug="second"))
    child = publish(StandardPageFactory(parent=first, title="Smelter history", slug="smelter"))
    Page.objects.get(pk=child.pk).move(second, pos="last-child")
    assert SearchDocument.objects.get(page=child, language="de").url == "/de/second/smelter/"

    second.refresh_from_db()
    second.slug = "renamed"
    publish(second)
    assert SearchDocument.objects.get(page=child, language="en").url == "/en/renamed/smelter/"


def test_renaming_a_partner_renames_it_in_the_events_it_hosts(home_page):
    partners = PartnerIndexPageFactory(parent=home_page)
    partner = publish(PartnerPageFactory(parent=partners, title="District of Zwickau", slug="zwickau"))
    events = EventIndexPageFactory(parent=home_page)
    event = EventPageFactory(parent=events, title="Kick-off meeting", slug="kick-off")
    event.host_partners.set([partner])
    publish(event)
    assert "Kick-off meeting" in found("Zwickau")

    partner.title = "Landkreis Zwickau District"
    publish(partner)
    assert "Kick-off meeting" in found("Landkreis")


def pdf_document(title, lines):
    document = Document(title=title)
    document.file.save(f"{title.lower().replace(' ', '-')}.pdf", ContentFile(one_page_pdf(lines)), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def test_the_text_of_a_publications_file_is_found_in_the_files_language(home_page):
    library = PublicationIndexPageFactory(parent=home_page)
    publication = PublicationPageFactory(parent=library, title="Regional argumentation paper", slug="paper")
    document = pdf_document("Argumentation paper", ["Montanregion Erzgebirge", "Bergbau und Kultur"])
    PublicationFile.objects.create(publication=publication, language="de", document=document)
    publish(publication)

    assert DocumentText.objects.get(document=document).status == "ok"
    assert found("Montanregion", "de") == ["Regional argumentation paper"]
    # The English visitor gets no German file: its text does not find the page in English.
    assert found("Montanregion", "en") == []
    german = SearchDocument.objects.get(page=publication, language="de")
    assert (german.file_document, german.file_language) == (document, "de")


def test_replacing_a_file_reads_its_new_text_and_a_broken_file_breaks_nothing(home_page):
    library = PublicationIndexPageFactory(parent=home_page)
    publication = PublicationPageFactory(parent=library, title="Brochure", slug="brochure")
    document = pdf_document("Brochure file", ["Hammerwerk"])
    PublicationFile.objects.create(publication=publication, language="en", document=document)
    publish(publication)
    assert found("Hammerwerk") == ["Brochure"]

    document.file.save("brochure-2.pdf", ContentFile(one_page_pdf(["Glassworks"])), save=False)
    document._set_document_file_metadata()
    document.save()
    assert found("Hammerwerk") == []
    assert found("Glassworks") == ["Brochure"]

    document.file.save("broken.pdf", ContentFile(b"%PDF-1.4 not really a PDF"), save=False)
    document._set_document_file_metadata()
    document.save()
    assert DocumentText.objects.get(document=document).status == "failed"
    assert found("Brochure") == ["Brochure"]


def test_the_rebuild_command_writes_the_same_table_as_publishing_did(work_package, capsys):
    publish(StandardPageFactory(parent=work_package.get_parent().get_parent(), title="Imprint", slug="imprint"))
    columns = ("page_id", "language", "kind", "url", "title", "title_language", "terms", "date")
    before = sorted(SearchDocument.objects.values_list(*columns))
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index")
    assert sorted(SearchDocument.objects.values_list(*columns)) == before
    assert "Indexed 4 pages" in capsys.readouterr().out


@pytest.mark.django_db
def test_pages_outside_a_site_are_not_indexed():
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    Page.objects.filter(depth=2).delete()
    orphan = StandardPageFactory(parent=root, title="Loose page", slug="loose", live=True)
    indexing.index_page(orphan)
    assert not SearchDocument.objects.filter(page=orphan).exists()


def test_dates_and_facets_are_kept_for_events(home_page):
    partners = PartnerIndexPageFactory(parent=home_page)
    host = publish(PartnerPageFactory(parent=partners, title="BSC Kranj", slug="kranj"))
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page), title="Workshop", start_date=datetime.date(2018, 3, 1)
    )
    event.host_partners.set([host])
    publish(event)
    document = SearchDocument.objects.get(page=event, language="sl")
    assert document.date == datetime.date(2018, 3, 1)
    assert indexing.pages_mentioning(host).get().pk == event.pk
