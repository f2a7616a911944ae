from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks

from inducult import file_access
from inducult.translation_copy import copy_translation_content


# Before wagtail-modeltranslation's own hook (order 0): the first pattern for the address wins.
@hooks.register("register_admin_urls", order=-1)
def register_copy_translation_content_url():
    return [
        path(
            "pages/<int:page_id>/edit/copy_translation_content/",
            copy_translation_content,
            name="inducult_copy_translation_content",
        )
    ]


@hooks.register("insert_editor_js")
def copy_content_buttons_js():
    return format_html('<script src="{}"></script>', static("inducult/js/copy-content-buttons.js"))


# Before Wagtail's own check of collection passwords, so that a document nobody may see is a plain 404.
hooks.register("before_serve_document", file_access.check_document_access, order=-1)
