"""The image upload form: Wagtail's, with the pixel limit checked before anything decodes the image."""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
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
