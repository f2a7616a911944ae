"""Media in an S3-compatible bucket that every app server shares (used when AWS_STORAGE_BUCKET_NAME is set)."""

import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from core.storage import SafeNameMixin

# Image renditions: what pages and the admin show.
PUBLIC_PREFIX = "images/"


def is_public(name):
    return str(name).replace("\\", "/").lstrip("/").startswith(PUBLIC_PREFIX)


class ObjectStorage(SafeNameMixin, S3Storage):
    """The media storage on several servers: uploads and renditions in one bucket.

    Image renditions (`images/`) are the only public objects: pages link to them directly (through
    `AWS_S3_CUSTOM_DOMAIN`, a CDN, when set), and every server finds the rendition one of them made (Wagtail
    records it in the database). Documents, original images and Wagtail's temporary uploads are private
    objects: a document is served through the site's check of who may have it (`core.file_access`), which then
    redirects to a URL signed for `AWS_QUERYSTRING_EXPIRE` seconds. An upload never replaces an object of the
    same name.
    """

    file_overwrite = False

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if is_public(name):
            # Renditions are named after their image and filter and are made again under the same name when
            # an image's file is replaced: browsers and CDNs ask again after a day.
            parameters.setdefault("CacheControl", "public, max-age=86400")
            if settings.AWS_PUBLIC_MEDIA_ACL:
                parameters.setdefault("ACL", settings.AWS_PUBLIC_MEDIA_ACL)
        else:
            parameters.setdefault("CacheControl", "private, no-cache")
            # The type follows the checked extension, never the type the uploader's browser claimed: a file
            # saying text/html would be a page on the bucket's domain. Only PDFs open in the browser, as
            # Wagtail serves them; anything else downloads.
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            parameters["ContentType"] = content_type
            if content_type != "application/pdf":
                parameters.setdefault("ContentDisposition", "attachment")
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        if is_public(name):
            return self.public_url(name)
        # Signed at the bucket's own endpoint: a CDN's domain could not check the signature.
        parameters = {**(parameters or {}), "Bucket": self.bucket.name, "Key": self._normalize_name(clean_name(name))}
        return self.connection.meta.client.generate_presigned_url(
            "get_object", Params=parameters, ExpiresIn=expire or self.querystring_expire, HttpMethod=http_method
        )

    def public_url(self, name):
        key = self._normalize_name(clean_name(name))
        if self.custom_domain:
            return f"{self.url_protocol}//{self.custom_domain}/{filepath_to_uri(key)}"
        # An unsigned client makes the plain address of the object at the bucket's endpoint.
        url = self.unsigned_connection.meta.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket.name, "Key": key}
        )
        return url.split("?", 1)[0]

    def keys(self):
        """The names of every object the site keeps in the bucket (below AWS_LOCATION, if set)."""
        prefix = self._normalize_name("")
        prefix = f"{prefix.rstrip('/')}/" if prefix else ""
        pages = self.connection.meta.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket_name, Prefix=prefix)
        return sorted(entry["Key"][len(prefix) :] for page in pages for entry in page.get("Contents", ()))

    def put(self, name, content):
        """Write `content` (a file object) under exactly `name`, replacing what is there, with the parameters an
        upload of that name gets (its public or private access among them): for restoring backups."""
        key = self._normalize_name(clean_name(name))
        self.bucket.Object(key).upload_fileobj(content, ExtraArgs=self._get_write_parameters(key), Config=self.transfer_config)

    def media_origin(self):
        """Where browsers load the public images from, for the Content Security Policy's img-src."""
        parts = urlsplit(self.public_url(f"{PUBLIC_PREFIX}x.png"))
        return f"{parts.scheme}://{parts.netloc}"
