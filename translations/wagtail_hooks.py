from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem, RestartWorkflowMenuItem, SubmitForModerationMenuItem
from wagtail.admin.menu import MenuItem

from translations import units as u
from translations import urls
from translations.notifications import notify_translation_over_pending_change
from translations.outdated import outdated_notes
from translations.publishing import publish_translation
from translations.records import record_translations
from translations.roles import can_use_translation_tools, translation_restriction

PUBLISH_TRANSLATION = "action-publish-translation"
# What translators do not get in the page's action menu (translators_do_not_submit refuses the posts too).
SUBMITTING_ITEMS = (SubmitForModerationMenuItem, RestartWorkflowMenuItem)


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [path("translations/", include((urls.urlpatterns, "translations"), namespace="translations"))]


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_translation_tools(request.user)


@hooks.register("register_admin_menu_item")
def register_translations_menu_item():
    return TranslationsMenuItem(
        gettext_lazy("Translations"), reverse("translations:overview"), icon_name="doc-full-inverse", order=250
    )


def _expects_json(request):
    return request.headers.get("Accept") == "application/json"


def _editing_language(request, languages):
    chosen = request.POST.get("translation-language") or request.GET.get("translate")
    return chosen if chosen in languages else sorted(languages)[0]


@hooks.register("after_create_page")
def record_translations_of_new_page(request, page):
    record_translations(page=page, user=request.user)


@hooks.register("after_edit_page")
def record_and_publish_translation(request, page):
    """Record what the translations were made from; for translators, publish their translation or stay in it."""
    restriction = translation_restriction(request.user, page)
    # An explicit save by a translator confirms their language's texts; an autosave only records changes.
    confirmed = restriction if restriction is not None and not _expects_json(request) else ()
    record_translations(page=page, user=request.user, confirmed_languages=confirmed or ())
    if restriction is None or _expects_json(request):
        return None
    language = _editing_language(request, restriction)
    if request.POST.get(PUBLISH_TRANSLATION):
        published, reason = publish_translation(page=page, languages=restriction, user=request.user)
        if published:
            messages.success(request, _("The translation of “%(page)s” is published.") % {"page": page.get_admin_display_title()})
        else:
            messages.warning(request, reason)
            notify_translation_over_pending_change(page=page, translator=request.user, languages=restriction)
        return redirect(f"{reverse('translations:overview')}?{urlencode({'language': language})}")
    return redirect(f"{reverse('wagtailadmin_pages:edit', args=[page.pk])}?{urlencode({'translate': language})}")


@hooks.register("after_copy_page")
def record_translations_of_copy(request, page, new_page):
    record_translations(page=new_page, user=request.user)


def _refuse_translators(request, page):
    if translation_restriction(request.user, page) is not None:
        raise PermissionDenied(_("Translators cannot delete, move or revert pages."))


@hooks.register("before_delete_page")
def translators_do_not_delete(request, page):
    _refuse_translators(request, page)


@hooks.register("before_move_page")
def translators_do_not_move(request, page, destination):
    _refuse_translators(request, page)


@hooks.register("before_edit_page")
def translators_do_not_revert(request, page):
    # Reverting loads an old revision into the form, and its locked fields would bring back old English text.
    if request.resolver_match and request.resolver_match.url_name == "revisions_revert":
        _refuse_translators(request, page)


@hooks.register("before_edit_page")
def translators_do_not_submit(request, page):
    # A page in moderation is locked for its own editors: a translator's submission would lock the partner's
    # coordinator out of their page for a change that was never theirs to approve.
    if request.method == "POST" and (request.POST.get("action-submit") or request.POST.get("action-restart-workflow")):
        if translation_restriction(request.user, page) is not None:
            messages.error(request, _("Translators publish their translation; they do not submit pages for approval."))
            return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def translators_do_not_delete_or_move_in_bulk(request, action_type, objects, action_class_instance):
    if action_type in ("delete", "move", "unpublish", "publish"):
        for page in objects:
            if hasattr(page, "path"):
                _refuse_translators(request, page)


class PublishTranslationMenuItem(ActionMenuItem):
    """A translator's default action: save and publish their language (see publishing.publish_translation)."""

    label = gettext_lazy("Publish translation")
    name = PUBLISH_TRANSLATION
    icon_name = "upload"
    template_name = "translations/publish_translation_menu_item.html"

    def is_shown(self, context):
        if context["view"] != "edit" or context.get("locked_for_user"):
            return False
        return translation_restriction(context["request"].user, context["page"]) is not None

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page, user = parent_context["page"], parent_context["request"].user
        languages = sorted(translation_restriction(user, page))
        locked = [
            spec.column(code)
            for spec in u.field_specs(type(page))
            if not spec.relation and spec.kind in (u.RICH_TEXT, u.STREAM)
            for code, _name in u.settings.LANGUAGES
            if code not in languages
        ]
        context["translation_editing"] = {
            "languages": languages,
            "locked": locked,
            "note": _("Read only for you: translators change only their own language's fields."),
            # Their own languages' StreamFields: English blocks to fill, no blocks to add, move or remove.
            "streams": [
                spec.column(code)
                for spec in u.field_specs(type(page))
                if spec.kind == u.STREAM and not spec.relation
                for code in languages
            ],
            "structure_note": _(
                "The blocks follow the English version: translate their texts. Links, dates, images and the order "
                "come from English; a block left empty shows in English."
            ),
            "outdated": outdated_notes(page, languages),
            "source": u.SOURCE_LANGUAGE,
            "removed": _("removed:"),
            "added": _("added:"),
        }
        context["label"] = _("Publish translation") if page.live else _("Save translation")
        return context


@hooks.register("register_page_action_menu_item")
def register_publish_translation_menu_item():
    return PublishTranslationMenuItem(order=5)


@hooks.register("construct_page_action_menu")
def translators_publish_their_translation_first(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.pk and translation_restriction(request.user, page) is not None:
        menu_items[:] = [item for item in menu_items if not isinstance(item, SUBMITTING_ITEMS)]
    for index, item in enumerate(menu_items):
        if isinstance(item, PublishTranslationMenuItem):
            menu_items.insert(0, menu_items.pop(index))
            break


@hooks.register("insert_editor_js")
def translation_editing_js():
    return format_html('<script src="{}" defer></script>', static("translations/js/translation-editing.js"))


@hooks.register("insert_global_admin_css")
def translation_css():
    return format_html('<link rel="stylesheet" href="{}">', static("translations/css/translations.css"))
