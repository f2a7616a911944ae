"""Upload checks for every app: images (the pixel limit read from the header before anything decodes the image)
and documents (only the file types the site needs, checked by content, within a size limit)."""

import warnings
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class SafeImageField(WagtailImageField):
    """Wagtail's image field, made safe against decompression bombs and broken files.

    Wagtail checks the pixel count only after Willow has decoded the whole image, so a small file that
    claims 40 million pixels or more would be unpacked into memory first, and a truncated or corrupt one
    raised an error the form did not catch (a server error). Here Pillow reads the header alone and
    anything over WAGTAILIMAGES_MAX_IMAGE_PIXELS is refused at once; a file that then fails to decode is
    "not a valid image", a form error like any other.
    """

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            self.check_claimed_pixels(data)
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - whatever the image libraries raise on a broken file
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error

    def check_claimed_pixels(self, data):
        limit = self.max_image_pixels
        position = data.tell()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                width, height = PILImage.open(data).size
        except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
            width = height = None
        except Exception:  # noqa: BLE001 - not an image Pillow knows: Wagtail's own checks answer it
            return
        finally:
            data.seek(position)
        if width is None or (limit is not None and width * height > limit):
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": width * height if width else _("unknown number"), "max_pixels_count": limit},
                code="file_too_many_pixels",
            )


class SafeImageForm(BaseImageForm):
    """Every image upload (single and multiple) goes through this form (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wagtail_field = self.fields.get("file")
        if wagtail_field is not None:
            # Built per form like Wagtail's own field, so it reads the upload settings in force now.
            self.fields["file"] = SafeImageField(
                label=wagtail_field.label, required=wagtail_field.required, widget=wagtail_field.widget
            )


# Documents ------------------------------------------------------------------------------------------------

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


def validate_document_file(uploaded):
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


class SafeDocumentForm(BaseDocumentForm):
    """Wagtail's document form (single and multiple upload), with the rules above on the file."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            validate_document_file(uploaded)
        return uploaded
