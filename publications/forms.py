"""The document upload form: only the file types a publication needs, checked by content, within a size limit."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What each allowed file type's first bytes must be: the extension alone proves nothing.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (ZIP,),
    "xlsx": (ZIP,),
    "pptx": (ZIP,),
    "odt": (ZIP,),
    "ods": (ZIP,),
    "odp": (ZIP,),
    "doc": (OLE2,),
    "xls": (OLE2,),
    "ppt": (OLE2,),
}


def max_document_size():
    return getattr(settings, "INDUCULT_MAX_DOCUMENT_SIZE", 30 * 1024 * 1024)


def validate_publication_file(uploaded):
    extension = Path(uploaded.name).suffix.lower().lstrip(".")
    if extension not in SIGNATURES:
        raise ValidationError(
            _("Only PDF and office documents can be uploaded (%(types)s)."),
            params={"types": ", ".join(sorted(SIGNATURES))},
            code="file_type",
        )
    if uploaded.size > max_document_size():
        raise ValidationError(
            _("The file is %(size)s; documents may be at most %(limit)s."),
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(max_document_size())},
            code="file_size",
        )
    position = uploaded.tell()
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(position)
    if not head.startswith(SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content is not that of a .%(extension)s document."),
            params={"extension": extension},
            code="file_content",
        )


class PublicationDocumentForm(BaseDocumentForm):
    """Wagtail's document form (single and multiple upload) with the publication rules on the file."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            validate_publication_file(uploaded)
        return uploaded
