"""Filters offer only the values that have items, in the visitor's alphabetical order; an address that asks
for a known value with no items lists none and says so."""

import re

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from demo.pdf import one_page_pdf
from publications.models import PublicationFile
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory


def options(response, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', response.content.decode(), re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_partner_filter_offers_the_countries_that_have_partners_in_the_visitors_order(client, home_page):
    index = PartnerIndexPageFactory(parent=home_page, slug_cs="partneri")
    for slug, country in [("sisak", "HR"), ("ksmas", "CZ"), ("graz", "AT"), ("zwickau", "DE")]:
        PartnerPageFactory(parent=index, slug=slug, country=country)
    english = [label for _value, label in options(client.get("/en/partners/"), "country")]
    assert english == ["All countries", "Austria", "Croatia", "Czech Republic", "Germany"]
    czech = [label for _value, label in options(client.get("/cs/partneri/"), "country")]
    # Czech names in Czech order ("Č" after "C"; tests/core/test_collation.py has "Ch" after "H").
    assert czech == ["Všechny země", "Česko", "Chorvatsko", "Německo", "Rakousko"]
    assert "Hungary" not in str(english) and "Slovakia" not in str(english)

    bookmarked = client.get("/en/partners/?country=IT")
    assert "No partner matches these filters." in bookmarked.content.decode()
    assert ("IT", "Italy") in options(bookmarked, "country")


def test_the_library_offers_the_languages_its_documents_are_in(client, home_page):
    library = PublicationIndexPageFactory(parent=home_page)
    publication = PublicationPageFactory(parent=library, slug="paper")
    for language in ("en", "cs"):
        document = Document(title=f"Paper {language}")
        document.file.save(f"paper-{language}.pdf", ContentFile(one_page_pdf(["Text"])), save=False)
        document.save()
        PublicationFile.objects.create(publication=publication, language=language, document=document)
    languages = [value for value, _label in options(client.get("/en/publications/"), "language")]
    assert languages == ["", "cs", "en"]  # Czech, English: alphabetical by their English names
