"""Keeping the search table current: what one page says in each language (`page_documents`), writing it
(`index_page`, `index_pages`), and rebuilding the whole table (`rebuild`). Called by the signal handlers
(sitesearch.signals) when pages are published, unpublished, moved or restricted, by the `rebuild_search_index`
command, and by tests."""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.search import index

from core.cache import content_changed
from core.languages import SOURCE_LANGUAGE, is_empty, shown_language
from core.models import SitePage
from core.rich_text import collapse, rich_text_words
from core.stream_translation import shown_blocks
from sitesearch.models import DocumentText, SearchDocument, SearchFacet, SearchTerm, SearchText
from sitesearch.text import index_terms

# The fields whose text a result shows under its title, the first one a page has filled in.
SUMMARY_FIELDS = ("search_description", "summary", "intro", "abstract", "subtitle", "description")
BATCH_SIZE = 200


def indexed_page_types():
    """Every page type of the site: the concrete subclasses of SitePage."""
    return [model for model in get_page_models() if issubclass(model, SitePage) and not model._meta.abstract]


def is_searchable(page):
    """Live, in a site, and visible to everybody (no view restriction on it or above it)."""
    if not page.live or page.depth < 2 or not isinstance(page, SitePage):
        return False
    ancestors = page.path[: page.depth * Page.steplen]
    paths = [ancestors[: depth * Page.steplen] for depth in range(1, page.depth + 1)]
    return not PageViewRestriction.objects.filter(page__path__in=paths).exists()


def _field_text(page, name, language):
    """(text, language of the text) of one field as a visitor in `language` sees it."""
    field = page._meta.get_field(name)
    if getattr(page._meta.model, build_localized_fieldname(name, SOURCE_LANGUAGE), None) is not None:
        shown = shown_language(page, name, language)
        value = getattr(page, build_localized_fieldname(name, shown), None)
    else:
        shown, value = language, getattr(page, name, None)
    if is_empty(value):
        return "", shown
    if isinstance(field, RichTextField):
        return rich_text_words(value), shown
    if getattr(field, "choices", None):
        value = getattr(page, f"get_{name}_display")()
    return collapse(value), shown


def _stream_text(page, name, language):
    """[(text, language)] of a StreamField's text blocks as a visitor in `language` sees them."""
    parts = []
    if getattr(type(page), build_localized_fieldname(name, SOURCE_LANGUAGE), None) is None:
        shown = [(child, "") for child in getattr(page, name) or []]  # a StreamField with no translations
    else:
        shown = shown_blocks(page, name, language)
    for child, fallback in shown:
        for text in child.block.get_searchable_content(child.value):
            if text and str(text).strip():
                parts.append((collapse(text), fallback or language))
    return parts


def searched_field_names(model):
    """The fields of a page type whose text finds it, besides the title: those its `search_fields` name."""
    names = []
    for field in model.search_fields:
        if not isinstance(field, index.SearchField) or field.field_name in ("title", *names):
            continue
        try:
            model_field = model._meta.get_field(field.field_name)
        except FieldDoesNotExist:  # a method Wagtail's own index calls: not a field to read here
            continue
        if getattr(model_field, "translated_field", None) is None:  # one language's column stands for none
            names.append(field.field_name)
    return names


def page_documents(page, languages=None):
    """The unsaved SearchDocument of `page` (its specific instance) for each language."""
    documents, file_texts = [], {}
    names = searched_field_names(type(page))
    for language in languages or [code for code, _name in settings.LANGUAGES]:
        with translation.override(language):
            documents.append(_document(page, names, language, file_texts))
    return documents


def _has_field(page, name):
    try:
        page._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _document(page, names, language, file_texts):
    title, title_language = _field_text(page, "title", language)
    summary, summary_language = "", language
    for name in SUMMARY_FIELDS:
        # A StreamField (a partner's description) is text in blocks, not a summary: its words are in the body.
        if _has_field(page, name) and not isinstance(page._meta.get_field(name), StreamField):
            summary, summary_language = _field_text(page, name, language)
            if summary:
                break
    body = []
    for name in names:
        if isinstance(page._meta.get_field(name), StreamField):
            body.extend(_stream_text(page, name, language))
        else:
            text, shown = _field_text(page, name, language)
            if text:
                body.append((text, shown))
    body.extend((collapse(text), shown or language) for text, shown in page.search_extras(language) if text)
    file_document, file_language, file_terms = None, "", ""
    found_file = page.search_file(language)
    if found_file is not None:
        file_document, file_language = found_file
        if file_document.pk not in file_texts:
            found = DocumentText.objects.filter(document=file_document).values_list("text", flat=True).first()
            file_texts[file_document.pk] = found or ""
        file_terms = index_terms([(file_texts[file_document.pk], file_language)])
    document = SearchDocument(
        page_id=page.pk,
        language=language,
        kind=page._meta.label_lower,
        url=page.get_url() or "",
        title=title,
        title_language="" if title_language == language else title_language,
        summary=summary[:1000],
        summary_language="" if summary_language == language else summary_language,
        date=page.search_date(),
        title_terms=index_terms([(title, title_language)]),
        terms=index_terms([(title, title_language), (summary, summary_language), *body]),
        file_terms=file_terms,
        file_document=file_document,
        file_language=file_language,
    )
    document.parts = [["" if shown == language else shown, text] for text, shown in body]
    return document


def _facets(page):
    return [SearchFacet(page_id=page.pk, name=name, value=value) for name, value in set(page.search_facets())]


@transaction.atomic
def index_page(page):
    """Write (or remove, if it is no longer searchable) the search documents of one page."""
    page = page.specific if type(page) is Page else page
    SearchDocument.objects.filter(page_id=page.pk).delete()
    SearchFacet.objects.filter(page_id=page.pk).delete()
    documents = page_documents(page) if is_searchable(page) else []
    if documents and all(document.url for document in documents):  # pages outside every site have no address
        _write(documents, _facets(page))


def index_pages(pages):
    """index_page for many pages (Page rows or specific ones)."""
    for page in Page.objects.filter(pk__in=[page.pk for page in pages]).specific().iterator(chunk_size=BATCH_SIZE):
        index_page(page)


def index_subtree(page):
    """index_page for a page and everything below it (after a move, a restriction, a changed address)."""
    index_pages(Page.objects.filter(path__startswith=page.path).only("pk"))


def pages_mentioning(page):
    """The pages whose search documents name `page` (its title is in their text): those with it as a facet."""
    return Page.objects.filter(pk__in=SearchFacet.objects.filter(value=page.pk).values("page_id"))


def rebuild(progress=None):
    """Rebuild the whole table from the live public pages; returns the number of pages indexed."""
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    count = 0
    with transaction.atomic():
        SearchText.objects.all().delete()
        SearchDocument.objects.all().delete()
        SearchFacet.objects.all().delete()
        SearchTerm.objects.all().delete()
        for model in indexed_page_types():
            pages = model.objects.live().filter(depth__gt=1).prefetch_related(*model.search_related)
            documents, facets = [], []
            for page in pages.iterator(chunk_size=BATCH_SIZE):
                if any(page.path.startswith(path) for path in restricted):
                    continue
                found = page_documents(page)
                if not all(document.url for document in found):
                    continue
                documents.extend(found)
                facets.extend(_facets(page))
                count += 1
                if len(documents) >= BATCH_SIZE * len(settings.LANGUAGES):
                    _write(documents, facets)
                    documents, facets = [], []
                    if progress:
                        progress(count)
            _write(documents, facets)
        # The search's kept results (inducult.search) belong to the content version: old with the table.
        content_changed()
    return count


def _write(documents, facets):
    SearchDocument.objects.bulk_create(documents, batch_size=BATCH_SIZE)
    texts = [SearchText(document=document, parts=document.parts) for document in documents]
    SearchText.objects.bulk_create(texts, batch_size=BATCH_SIZE)
    SearchFacet.objects.bulk_create(facets, batch_size=BATCH_SIZE)
    _add_terms(documents)


def _add_terms(documents):
    """Add the documents' terms to the vocabulary (terms of removed pages stay: a suggestion is only made
    when searching for it finds pages)."""
    pairs = {
        (document.language, term)
        for document in documents
        for term in (document.terms + document.file_terms).split()
        if len(term) <= SearchTerm._meta.get_field("term").max_length
    }
    SearchTerm.objects.bulk_create(
        [SearchTerm(language=language, term=term) for language, term in pairs], batch_size=1000, ignore_conflicts=True
    )
