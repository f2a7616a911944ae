"""The text of uploaded documents, for the search: extracted once per file (sitesearch.extraction, within
its limits), kept in DocumentText, and the pages offering the file re-indexed."""

import logging

from wagtail.documents import get_document_model
from wagtail.models import Page

from core.cache import content_changed
from sitesearch import extraction, indexing
from sitesearch.models import DocumentText, SearchDocument

logger = logging.getLogger(__name__)


def text_is_current(document):
    """Whether the stored text was read from this very file (same content hash)."""
    return DocumentText.objects.filter(document_id=document.pk, file_hash=document.file_hash).exclude(file_hash="").exists()


def extract(document):
    """Read the document's text and keep it; returns the DocumentText. A missing or unreadable file gives a
    "failed" status, never an error."""
    try:
        with document.open_file() as file:
            result = extraction.extract_text(file, document.file.name)
    except OSError as error:  # the file is gone from the storage
        logger.warning("Cannot open document %s for its text: %s", document.pk, error)
        result = extraction.ExtractedText(text="", status=extraction.FAILED, pages=None)
    stored, _created = DocumentText.objects.update_or_create(
        document=document,
        defaults={"text": result.text, "status": result.status, "pages": result.pages, "file_hash": document.file_hash},
    )
    return stored


def extract_and_reindex(document):
    """After an upload or a replaced file: extract the text and refresh the pages offering it."""
    extract(document)
    offering = SearchDocument.objects.filter(file_document_id=document.pk).values("page_id")
    indexing.index_pages(Page.objects.filter(pk__in=offering))


def extract_missing(everything=False):
    """Extract the text of documents that have none stored yet (or of all, with `everything`); returns how
    many were read."""
    documents = get_document_model().objects.all()
    if not everything:
        documents = documents.exclude(pk__in=DocumentText.objects.values("document_id"))
    count = 0
    for document in documents.iterator(chunk_size=100):
        extract(document)
        count += 1
    if count:
        # What searches found in the files before is old now (inducult.search keeps results per content version).
        content_changed()
    return count
