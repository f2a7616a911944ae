from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page

from partners.media_access import usable_documents, usable_images
from partners.models import PartnerPage
from partners.page_visibility import look_as, shown_pages
from partners.services import content_lost_by_deleting, set_up_partner

LISTED = 5


@hooks.register("after_create_page")
def set_up_new_partner(request, page):
    """A partner created in the admin gets its coordinators' group, rights and workflow at once."""
    if isinstance(page.specific, PartnerPage):
        set_up_partner(partner_page=page.specific)


def refusal_message(deleted_titles, lost):
    names = ", ".join(f"“{page.title}”" for page in lost[:LISTED])
    if len(lost) > LISTED:
        names = _("%(names)s and %(count)d more") % {"names": names, "count": len(lost) - LISTED}
    return ngettext(
        "%(deleted)s was not deleted: %(count)d event, publication or work package belongs to a partner it would "
        "delete, or names that partner: %(names)s. Move it to another partner (or to the event list or the "
        "library), take the partner out of it, or delete it first.",
        "%(deleted)s was not deleted: %(count)d events, publications or work packages belong to a partner it would "
        "delete, or name that partner: %(names)s. Move them to another partner (or to the event list or the "
        "library), take the partner out of them, or delete them first.",
        len(lost),
    ) % {"deleted": ", ".join(f"“{title}”" for title in deleted_titles), "count": len(lost), "names": names}


@hooks.register("before_delete_page")
def keep_partners_content(request, page):
    """A partner is never deleted with its events and publications, nor out from under those naming it."""
    lost = content_lost_by_deleting([page])
    if lost:
        messages.error(request, refusal_message([page.title], lost))
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_bulk_action")
def keep_partners_content_in_bulk(request, action_type, objects, action_class_instance):
    """The same rule for the page listing's bulk delete."""
    pages = [page for page in objects if isinstance(page, Page)]
    if action_type != "delete" or not pages:
        return None
    lost = content_lost_by_deleting(pages)
    if lost:
        messages.error(request, refusal_message([page.title for page in pages], lost))
        return redirect(action_class_instance.next_url)
    return None


# Other partners' collections and unpublished pages (partners.media_access, partners.page_visibility) --------


class UsableImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    """The admin API's images (/admin/api/main/images/): only those the editor may choose."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=usable_images(self.request.user).values("pk"))


class UsableDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents (/admin/api/main/documents/): only those the editor may choose."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=usable_documents(self.request.user).values("pk"))


# After Wagtail's image and document apps have registered their endpoints, which list everything.
@hooks.register("construct_admin_api", order=100)
def admin_api_lists_only_usable_media(router):
    router.register_endpoint("images", UsableImagesAdminAPIViewSet)
    router.register_endpoint("documents", UsableDocumentsAdminAPIViewSet)


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_pages_as_visitors_see_them(pages, request):
    """The page chooser lists and finds other partners' pages only if they are live, by their published title
    (page_visibility)."""
    parent_id = request.resolver_match.kwargs.get("parent_page_id") if request.resolver_match else None
    if parent_id is not None and not shown_pages(request.user, Page.objects.filter(pk=parent_id)).exists():
        # Browsing into an unpublished page of someone else's would show its title and its children.
        raise Http404
    look_as(request.user)
    return shown_pages(request.user, pages)
