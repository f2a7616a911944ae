"""Builders for what every app uses: documents (real files through Wagtail's document model)."""

import io

import factory
import wagtail_factories
from PIL import Image


def pdf_bytes(title="A test document"):
    """A small, valid PDF file (a blank page, `title` in its metadata), written by Pillow."""
    output = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(output, "PDF", title=title)
    return output.getvalue()


class PdfDocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(filename="document.pdf", data=factory.LazyFunction(pdf_bytes))
    # Known at upload, as Wagtail's upload views record it: otherwise the first page that shows the file's size
    # would write it to the database.
    file_size = factory.LazyAttribute(lambda document: document.file.size)
