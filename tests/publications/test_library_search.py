"""The library's text filter finds what the site search finds: any form of the words, in the visitor's
language, and the text of the publications' files."""

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from demo.pdf import one_page_pdf
from publications.models import PublicationFile
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory


def titles(response):
    return sorted(card.title for card in response.context["publications"])


def test_the_library_finds_inflected_words_and_the_text_of_files(client, home_page):
    library = PublicationIndexPageFactory(parent=home_page, slug_cs="publikace")
    paper = PublicationPageFactory(
        parent=library,
        title="Regional argumentation paper",
        title_cs="Regionální argumentační dokument",
        abstract_cs="<p>Argumenty pro průmyslové kultury regionů.</p>",
        slug="paper",
    )
    document = Document(title="Paper")
    document.file.save("paper.pdf", ContentFile(one_page_pdf(["Montanregion Erzgebirge"])), save=False)
    document._set_document_file_metadata()
    document.save()
    PublicationFile.objects.create(publication=paper, language="en", document=document)
    paper.save_revision().publish()
    PublicationPageFactory(parent=library, title="Other", slug="other").save_revision().publish()

    assert titles(client.get("/cs/publikace/?q=pr%C5%AFmyslov%C3%A1+kultura")) == ["Regionální argumentační dokument"]
    assert titles(client.get("/en/publications/?q=montanregion")) == ["Regional argumentation paper"]
    assert titles(client.get("/en/publications/?q=nowhere")) == []
