"""Who may download an uploaded file: files follow the pages that use them.

A document is everybody's once a live, public page uses it: a publication's file, a document link in rich
text or in a StreamField block, in any language's field. Wagtail's reference index records those uses (a
page's inline children, such as a publication's files, are recorded under the page), from the content the
page row holds: a live page's published version, a draft page's first saved version. A document that only
drafts, password-protected or otherwise restricted pages use, or no page at all, is a 404 for visitors,
except for whoever may view one of the restricted live pages that use it (the page's password entered, the
page's group, signed in). Editors still get it when they may choose or change the document itself (its
collection's permissions: communication managers every collection, coordinators their partner's, an
uploader their own upload) or may edit a live page that uses it. Editing a *draft* that uses a document
gives no access: anyone may put a document link into their own draft by hand, and that must not open
another partner's documents.

Original images are never served: pages and the admin show renditions (`/media/images/`); see
`media_urlpatterns`.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import Http404
from django.urls import re_path
from django.utils.cache import patch_vary_headers
from django.views.static import serve as serve_static_file
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.models import Page, PageViewRestriction, ReferenceIndex, Site
from wagtail.permissions import policy_registry

from core.cache import remember
from core.content_version import restricted_paths

PUBLIC = "public"
RESTRICTED = "restricted"


def pages_using(document):
    """The pages (live or not, not specific) whose saved content uses `document`; two queries."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = ReferenceIndex.get_references_to(document).filter(base_content_type=page_type).values_list("object_id", flat=True)
    return list(Page.objects.filter(pk__in=[int(pk) for pk in page_ids if pk.isdigit()]))


def record_uses_of_published_page(sender, instance, **kwargs):
    """`page_published`: record the page's uses again, now that its inline children are saved too.

    Wagtail records them when the page row is saved, before the children taken off the page (a
    publication's last file, say) are deleted, and a deleted child does not make it record the page again:
    the document would stay "used" by the live page.
    """
    if ReferenceIndex.is_indexed(type(instance)):
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(instance)


def site_root_paths():
    """Tree paths of the sites' home pages: only pages below one of them can be visited."""
    return remember("site-root-tree-paths", lambda: list(Site.objects.values_list("root_page__path", flat=True)))


def document_access(document, request):
    """PUBLIC when a live, public page uses the document; RESTRICTED when not, but this request may have it
    (it may view a restricted live page that uses it, or it comes from an editor of the document or of
    such a page); None when this request may not have it.

    A constant number of queries: the pages using it, and for restricted pages or editors a few more.
    """
    roots = site_root_paths()
    live = [page for page in pages_using(document) if page.live and page.path.startswith(tuple(roots))]
    private = tuple(restricted_paths())
    if any(not page.path.startswith(private) for page in live):
        return PUBLIC
    if live and may_view_any(request, live, private):
        return RESTRICTED
    user = request.user
    if user.is_authenticated and (may_edit_any(user, live) or may_use_document(user, document)):
        return RESTRICTED
    return None


def may_view_any(request, pages, restricted):
    """Whether the request passes every view restriction of at least one of `pages` (on the page or an
    ancestor; `restricted` are the restricted pages' tree paths), as Wagtail's page view decides: the
    password entered in this session, signed in, in a group."""
    paths = [path for path in restricted if any(page.path.startswith(path) for page in pages)]
    restrictions = PageViewRestriction.objects.filter(page__path__in=paths).select_related("page").prefetch_related("groups")
    return any(
        all(restriction.accept_request(request) for restriction in restrictions if page.path.startswith(restriction.page.path))
        for page in pages
    )


def may_edit_any(user, pages):
    if not pages:
        return False
    editable = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")
    return editable.filter(pk__in=[page.pk for page in pages]).exists()


def may_use_document(user, document):
    """Whether the user may choose the document for a page or change it, under its collection's permissions."""
    policy = policy_registry.get_by_type(get_document_model())
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], document)


def check_document_access(document, request):
    """Wagtail's `before_serve_document` hook: a 404 for whoever may not have the document (the same answer
    as for a document that does not exist, so it says nothing about drafts)."""
    access = document_access(document, request)
    if access is None:
        raise Http404("No page this visitor may see uses this document.")
    request.document_access = access
    try:
        # Documents made outside the admin's form (the demo loader, imports) have no hash yet, and the
        # empty hash would be the same ETag for every one of them. Wagtail computes it once and keeps it.
        document.get_file_hash()
    except OSError:
        pass  # The file is missing: Wagtail's view answers 404.


def serve_document(request, document_id, document_filename):
    """Wagtail's document view (which runs `check_document_access` first) with headers that keep shared
    caches from handing one visitor's document to another."""
    response = wagtail_serve_document(request, document_id, document_filename)
    # Wagtail writes the file's guessed encoding into the header even when there is none.
    if response.get("Content-Encoding") == "None":
        del response["Content-Encoding"]
        # Documents go out as stored: PDFs and office files are compressed already, and GZipMiddleware
        # would spend the server's time on every download and drop its Content-Length. It compresses only
        # for clients that accept gzip, so it is told this one takes the file as it is.
        request.META["HTTP_ACCEPT_ENCODING"] = "identity"
    access = getattr(request, "document_access", None)
    # Anyone may keep a public document but must ask again before using it (the page may have been
    # unpublished since); anything else is for this visitor's browser only.
    response["Cache-Control"] = "no-cache" if access == PUBLIC else "private, no-cache"
    if response.status_code == 302:
        # Media in a bucket: the redirect's signed address expires within minutes; nobody may keep it.
        response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["Cookie"])
    return response


def serve_rendition(request, path):
    return serve_static_file(request, path, document_root=Path(settings.MEDIA_ROOT) / "images")


def media_urlpatterns():
    """`/media/` for the development server, as the reverse proxy serves it in production: image
    renditions only. Documents go through `serve_document`; original images, which nothing on the site
    links to (pages and the admin show renditions), and Wagtail's temporary uploads are not served at all."""
    return [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}images/(?P<path>.*)$", serve_rendition)]
