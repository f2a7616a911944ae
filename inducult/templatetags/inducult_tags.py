"""The site's frame: the main menu and the footer links (cached per site and language)."""

from django import template
from django.utils import translation
from wagtail.models import Page

from core.cache import remember
from core.languages import shown_language
from core.models import SitePageQuerySet
from core.sites import site_for_request
from inducult.models import SiteSettings

register = template.Library()


def _menu_entries(request, site):
    """The home page and its live, public children marked "show in menus", as plain data to cache."""
    root = site.root_page
    children = SitePageQuerySet(Page).child_of(root).live().public().in_menu().order_by("path")
    return {
        "home": {"pk": root.pk, "url": root.get_url(request)},
        "items": [
            {"pk": page.pk, "path": page.path, "title": page.title, "url": page.get_url(request), "lang": _fallback_lang(page)}
            for page in children
        ],
    }


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The main menu with the current section marked; the entries are cached per site and language."""
    request = context.get("request")
    site = site_for_request(request) if request is not None else None
    if site is None:
        return {"home": None}
    language = translation.get_language()
    entries = remember(f"menu:{site.pk}:{language}", lambda: _menu_entries(request, site))
    current = context.get("page")
    current_pk = current.pk if isinstance(current, Page) else None
    current_path = current.path if isinstance(current, Page) else ""
    return {
        "home": entries["home"],
        "home_is_current": current_pk == entries["home"]["pk"],
        "items": [
            {
                **item,
                "is_current": item["pk"] == current_pk,
                "in_section": bool(current_path) and current_path.startswith(item["path"]),
            }
            for item in entries["items"]
        ],
    }


def _footer_entries(request, site):
    # `for_site` would create the settings on a visitor's request, a write that empties the caches.
    site_settings = SiteSettings.objects.filter(site=site).first()
    fields = ("imprint_page_id", "privacy_page_id", "accessibility_page_id")
    ids = [pk for pk in (getattr(site_settings, field, None) for field in fields) if pk]
    pages = {page.pk: page for page in Page.objects.live().filter(pk__in=ids)} if ids else {}
    return [
        {"title": page.title, "url": page.get_url(request), "lang": _fallback_lang(page)}
        for page in (pages[pk] for pk in ids if pk in pages)
    ]


def _fallback_lang(page):
    """ "en" when the page's title is shown in English in the active language (for the link's lang), else ""."""
    shown = shown_language(page, "title")
    return "" if shown == translation.get_language() else shown


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """The imprint, privacy and accessibility pages chosen in the site settings, cached per site and language."""
    request = context.get("request")
    site = site_for_request(request) if request is not None else None
    if site is None:
        return {"links": []}
    language = translation.get_language()
    return {"links": remember(f"footer:{site.pk}:{language}", lambda: _footer_entries(request, site))}
