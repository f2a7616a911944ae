from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.translation import get_language_info
from wagtail.models import Page, Site

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _site_root(request):
    site = Site.find_for_request(request) if request is not None else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The current page in each site language: code, local name, absolute URL and whether it is active.

    Outside a Wagtail page (a 404, for example) each language's version is its home page.
    """
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = _site_root(request)
    if page is None:
        return []
    current = translation.get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = page.get_url(request)
        if not url:
            continue
        versions.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if request else url,
                "is_current": code == current,
            }
        )
    return versions


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page and its live children marked "show in menus", with the current section marked."""
    request = context.get("request")
    root = _site_root(request)
    current = context.get("page")
    items = list(root.get_children().live().public().in_menu()) if root else []
    current_path = current.path if isinstance(current, Page) else ""
    return {
        "request": request,
        "home": root,
        "home_is_current": isinstance(current, Page) and root is not None and current.pk == root.pk,
        "items": [
            {
                "page": item,
                "is_current": isinstance(current, Page) and item.pk == current.pk,
                "in_section": bool(current_path) and current_path.startswith(item.path),
            }
            for item in items
        ],
    }


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """The imprint, privacy and accessibility pages chosen in the site settings, fetched in one query."""
    from inducult.models import SiteSettings

    request = context.get("request")
    site_settings = SiteSettings.for_request(request) if request is not None else None
    fields = ("imprint_page_id", "privacy_page_id", "accessibility_page_id")
    ids = [pk for pk in (getattr(site_settings, field, None) for field in fields) if pk]
    pages = {page.pk: page for page in Page.objects.live().filter(pk__in=ids)} if ids else {}
    links = [pages[pk] for pk in ids if pk in pages]
    return {"request": request, "links": links}


@register.filter
def json_ld(data):
    """A schema.org JSON-LD script element; <, > and & are escaped so the data cannot end the script early."""
    import json

    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    escaped = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped))  # noqa: S308
