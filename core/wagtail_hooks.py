from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail import hooks

from core import file_access


def copy_translation_content_switched_off(request, page_id):
    """wagtail-modeltranslation's `…/edit/copy_translation_content/`, switched off: 410 Gone to every request.

    The package's "Copy content from" buttons put one language's StreamField into another language's field.
    Nothing on this site needs them and they would do harm: a translator's StreamField opens with the English
    blocks to fill (translations follow the English structure), and English text copied into another
    language's field would count as that language's translation in the translations overview. The package's
    own view answered anything but its script's exact request with a 500 and rendered any page for any admin
    user. The package has no setting to switch it off, so this view takes its address (registered before
    the package's: the first pattern wins) and admin.css hides the buttons its editor script still adds.
    """
    return HttpResponse(
        gettext("Copying content between languages is switched off on this site."),
        status=410,
        content_type="text/plain; charset=utf-8",
    )


@hooks.register("register_admin_urls", order=-1)
def switch_off_copy_translation_content():
    return [
        path(
            "pages/<int:page_id>/edit/copy_translation_content/",
            copy_translation_content_switched_off,
            name="core_copy_translation_content_switched_off",
        )
    ]


@hooks.register("insert_global_admin_css")
def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("core/css/admin.css"))


# Before Wagtail's own check of collection passwords, so that a document nobody may see is a plain 404.
hooks.register("before_serve_document", file_access.check_document_access, order=-1)
