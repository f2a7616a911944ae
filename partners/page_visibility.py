"""What an editor sees in the admin of pages they may not edit: live pages by their published title, and
nothing of unpublished ones.

A coordinator edits their own partner's pages and sees them as they are, drafts included. Every other page
(another partner's, or one of the site's own) they see in the admin's choosers and reports only as a visitor
sees it on the site: a live page by its published title, an unpublished page not at all. Unpublished titles,
and title changes waiting for approval, stay with those who may edit or publish the page.

Three parts carry the rule. `shown_pages` filters the page chooser's listings and search
(wagtail_hooks.construct_page_chooser_queryset). Two Wagtail views that read pages without any hook are held
to it in `hide_unpublished_pages_in_choosers_and_reports`. And the admin's title of a page,
`get_admin_display_title`, which Wagtail shows wherever it names a page (chooser rows, their parents and
breadcrumbs, the report), gives the published title while a chooser or the report answers someone who may not
edit the page (a rule of core.models.SitePage's): those views name their user with `look_as`, for the rest of
that one request.
"""

import contextvars
import functools

from django.core.signals import request_finished, request_started
from django.db.models import F, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.chooser import ChosenMultipleView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from core.models import ADMIN_TITLE_RULES

# What a page the viewer may not see is called where Wagtail names it anyway (a forged request's answer).
UNPUBLISHED_PAGE = _("Unpublished page")

_viewer = contextvars.ContextVar("partners_admin_viewer", default=None)


def sees_drafts_of(user, page):
    """Whether the user sees the page as it is, drafts included: they may edit or publish it."""
    return policy_registry.get_by_type(Page).user_has_any_permission_for_instance(user, {"change", "publish"}, page)


def is_shown(user, page):
    """Whether the page appears to the user in choosers and reports at all."""
    return page.live or sees_drafts_of(user, page)


def shown_pages(user, pages):
    """Those of `pages` (a page queryset) that the user sees in choosers and reports: the live ones, and those
    they may edit or publish. The filter uses only fields that Wagtail's search index can filter on, so that
    the chooser's search can use it too."""
    if not user.is_active:
        return pages.none()
    if user.is_superuser:
        return pages
    shown = Q(live=True)
    for permission in policy_registry.get_by_type(Page).get_cached_permissions_for_user(user):
        codename = permission.permission.codename
        if codename in ("change_page", "publish_page"):
            shown |= Q(path__startswith=permission.page.path)
        elif codename == "add_page":
            # Wagtail lets those who may only add pages edit the pages they own.
            shown |= Q(path__startswith=permission.page.path, owner=user)
    return pages.filter(shown)


def admin_title(user, page, title):
    """The title the admin shows the user for a page whose admin title is `title`."""
    if user is None or not user.is_authenticated or sees_drafts_of(user, page):
        return title
    if not page.live:
        return str(UNPUBLISHED_PAGE)
    # The page's own `title` column holds its published title; a change waiting for approval is only in the
    # draft (`draft_title`, which Wagtail's admin title shows).
    return page.title


def look_as(user):
    """Until the current request ends, the admin's page titles are those `admin_title` gives this user."""
    _viewer.set(user)


def _forget_viewer(**kwargs):
    _viewer.set(None)


def title_for_viewer(page, title):
    """The admin title of `page` for the user named by `look_as` (core.models.ADMIN_TITLE_RULES)."""
    return admin_title(_viewer.get(), page, title)


def show_public_titles():
    """Make every page type's admin title the one `admin_title` gives the user named by `look_as`.

    Each request starts and ends with nobody named, so no title is ever chosen for someone else's request.
    """
    if title_for_viewer not in ADMIN_TITLE_RULES:
        ADMIN_TITLE_RULES.append(title_for_viewer)
    request_started.connect(_forget_viewer, dispatch_uid="partners_forget_viewer_started")
    request_finished.connect(_forget_viewer, dispatch_uid="partners_forget_viewer_finished")


def hide_unpublished_pages_in_choosers_and_reports():
    """Hold the page chooser's “chosen” answer and the page types report to `shown_pages`.

    Wagtail's construct_page_chooser_queryset hook covers the chooser's listings and search, but two views read
    pages without any hook, and Wagtail registers their URLs before any app's: the chooser's answer for chosen
    pages (`choose-page/chosen-multiple/?id=…`, which returns any page's title and URL) and the page types
    usage report (which names the last edited page of each type, whoever's it is). Each gets a wrapper around
    the one method that reads those pages; tests/partners/test_choosers.py fails if an upgrade of Wagtail bypasses it.
    """
    if not getattr(ChosenMultipleView.get, "hides_unpublished_pages", False):
        ChosenMultipleView.get = _only_shown_ids(ChosenMultipleView.get)
    if not getattr(PageTypesUsageReportView.decorate_paginated_queryset, "hides_unpublished_pages", False):
        PageTypesUsageReportView.decorate_paginated_queryset = _last_shown_page(
            PageTypesUsageReportView.decorate_paginated_queryset
        )


def _only_shown_ids(get):
    @functools.wraps(get)
    def wrapper(self, request, *args, **kwargs):
        ids = [value for value in request.GET.getlist("id") if value.isdigit()]
        shown = shown_pages(request.user, Page.objects.filter(pk__in=ids)).values_list("pk", flat=True)
        query = request.GET.copy()
        query.setlist("id", [str(pk) for pk in shown])
        request.GET = QueryDict(query.urlencode())
        look_as(request.user)
        return get(self, request, *args, **kwargs)

    wrapper.hides_unpublished_pages = True
    return wrapper


def _last_shown_page(decorate):
    @functools.wraps(decorate)
    def wrapper(self, page_types):
        page_types = decorate(self, page_types)
        user = self.request.user
        look_as(user)
        filters = self.filters.form.cleaned_data if self.filters is not None else {}
        for item in page_types:
            page = getattr(item, "last_edited_page", None)
            if page is None or is_shown(user, page):
                continue
            candidates = Page.objects.filter(content_type=item)
            if filters.get("site"):
                candidates = candidates.filter(path__startswith=filters["site"])
            if filters.get("page_locale"):
                candidates = candidates.filter(locale__language_code=filters["page_locale"])
            item.last_edited_page = (
                shown_pages(user, candidates)
                .order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
                .specific()
                .first()
            )
        return page_types

    wrapper.hides_unpublished_pages = True
    return wrapper
