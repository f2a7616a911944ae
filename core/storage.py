"""Where uploads are stored: the file system (or a bucket, core.object_storage), under names that are safe on any
server and in any backup."""

import os
import re

from django.core.files.storage import FileSystemStorage
from wagtail.coreutils import string_to_ascii

UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
LONGEST_STEM = 60


class SafeNameMixin:
    """Every uploaded image, document and rendition gets its name from here, whichever storage keeps it.

    Django already drops any path an upload's name carries and removes characters that are neither
    letters nor digits nor `-_.`. This goes further: the name becomes plain ASCII (“Ústí 中文” →
    “Usti_ZhongWen”), loses leading dots (no hidden files) and inner dots (no `report.php.png` that a
    misconfigured server might run as PHP), and is at most 60 characters before its extension.
    """

    def get_valid_name(self, name):
        stem, extension = os.path.splitext(os.path.basename(str(name).replace("\\", "/")))
        stem = UNSAFE.sub("_", string_to_ascii(stem)).strip("_-")[:LONGEST_STEM] or "file"
        extension = UNSAFE.sub("", string_to_ascii(extension)).lower()
        return super().get_valid_name(f"{stem}.{extension}" if extension else stem)


class SafeNameStorage(SafeNameMixin, FileSystemStorage):
    """The media storage on this server's disk (MEDIA_ROOT): one server, or a folder all servers share."""
