from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import get_language_info
from wagtail.models import Page, Site

from inducult.cache import remember
from inducult.languages import fallen_back_fields, page_languages, shown_language
from inducult.stream_translation import shown_blocks

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
    existing = page_languages(page)
    versions = []
    for code, _name in settings.LANGUAGES:
        # Languages the page is not translated into are left out, except the one being shown.
        if code not in existing and code != current:
            continue
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
                "exists": code in existing,
            }
        )
    return versions


@register.simple_tag
def lang_if_fallback(obj, field):
    """` lang="en"` for an element whose text falls back to English, so screen readers pronounce it right."""
    language = shown_language(obj, field)
    if language != translation.get_language():
        return format_html(' lang="{}"', language)
    return ""


@register.simple_tag
def shown_stream(obj, field):
    """[(block, text_lang)] of a StreamField in the visitor's language: every English block, translated
    where the translation covers it; `text_lang` is "en" for a block shown in English, else empty."""
    return shown_blocks(obj, field)


@register.inclusion_tag("includes/translation_note.html")
def translation_note(obj, *fields):
    """A note, in the visitor's language, that some of the page is shown in English."""
    current = translation.get_language()
    return {
        "fallen_back": bool(fallen_back_fields(obj, *fields)),
        "language_name": get_language_info(current)["name_translated"] if current else "",
    }


def _menu_entries(request, site):
    """The home page and its live, public children marked "show in menus", as plain data to cache."""
    from inducult.models import SitePageQuerySet

    root = site.root_page
    children = SitePageQuerySet(Page).child_of(root).live().public().in_menu().order_by("path")
    return {
        "home": {"pk": root.pk, "url": root.get_url(request)},
        "items": [{"pk": page.pk, "path": page.path, "title": page.title, "url": page.get_url(request)} for page in children],
    }


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The main menu with the current section marked; the entries are cached per site and language."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
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
    from inducult.models import SiteSettings

    # `for_site` would create the settings on a visitor's request, a write that empties the caches.
    site_settings = SiteSettings.objects.filter(site=site).first()
    fields = ("imprint_page_id", "privacy_page_id", "accessibility_page_id")
    ids = [pk for pk in (getattr(site_settings, field, None) for field in fields) if pk]
    pages = {page.pk: page for page in Page.objects.live().filter(pk__in=ids)} if ids else {}
    return [{"title": pages[pk].title, "url": pages[pk].get_url(request)} for pk in ids if pk in pages]


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """The imprint, privacy and accessibility pages chosen in the site settings, cached per site and language."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"links": []}
    language = translation.get_language()
    return {"links": remember(f"footer:{site.pk}:{language}", lambda: _footer_entries(request, site))}


@register.filter
def json_ld(data):
    """A schema.org JSON-LD script element; <, > and & are escaped so the data cannot end the script early."""
    import json

    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    escaped = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped))  # noqa: S308
