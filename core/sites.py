"""The Wagtail Site that answers a request, without a query on every request."""

from wagtail.models import Site

from core.cache import remember


def site_for_request(request):
    """The Site that answers this request, as Wagtail's `Site.find_for_request` finds it, from the cache while
    the content is unchanged (a site's change is a content change): Wagtail's lookup reads every column of the
    root page on each request.

    It is kept where `Site.find_for_request` keeps the site for the rest of the request (its documented
    `request._wagtail_site`), so Wagtail's own lookups (site settings, page URLs) find it there.
    """
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = remember(f"site-for-host:{request.get_host()}", lambda: Site.find_for_request(request))
    return request._wagtail_site
