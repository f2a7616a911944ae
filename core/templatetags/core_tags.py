"""Template tags every app's templates use: languages, fallback marks, translated StreamFields, JSON-LD."""

import json
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.cache import remember
from core.languages import fallen_back_fields, page_languages, shown_language
from core.sections import sections_for
from core.sites import site_for_request
from core.stream_translation import shown_blocks

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _site_root(request):
    site = site_for_request(request) if request is not None else None
    return site.root_page if site else None


@register.simple_tag(takes_context=True)
def language_versions(context):
    """What is shown here in each site language: code, local name, URL (with this address's query string, so a
    search or a filtered listing stays what it is), whether it is the active language, and whether the page
    is translated into it (`exists`: the hreflang links list only those; the switcher lists every language
    and says in that language when the page is partly in English there).

    A Wagtail page links to itself; a view that exists in every language (the search: its context sets
    `same_view_in_each_language`) to itself under each language prefix; anything else (a 404, for example)
    to each language's home page.
    """
    request = context.get("request")
    page = context.get("page")
    view_path = request.path if context.get("same_view_in_each_language") and request is not None else None
    if not isinstance(page, Page):
        page = _site_root(request)
    if page is None:
        return []
    current = translation.get_language()
    existing = set(page_languages(page)) if view_path is None else {code for code, _name in settings.LANGUAGES}
    # Re-encoded from the parsed parameters: the raw QUERY_STRING may hold undecoded bytes as Latin-1 letters.
    query = request.GET.urlencode() if request is not None else ""
    versions = []
    for code, _name in settings.LANGUAGES:
        # translate_url resolves the path in the active language, and then reverses it in `code` itself.
        url = translate_url(view_path, code) if view_path else None
        with translation.override(code):
            url = url or page.get_url(request)
            partly_english = _("partly in English") if code not in existing else ""
        if not url:
            continue
        if query:
            url = f"{url}?{query}"
        versions.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if request else url,
                "is_current": code == current,
                "exists": code in existing,
                "partly_english": partly_english,
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


@register.filter
def json_ld(data):
    """A schema.org JSON-LD script element; <, > and & are escaped so the data cannot end the script early."""
    escaped = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped))  # noqa: S308


@register.simple_tag(takes_context=True)
def page_sections(context, page):
    """The sections other apps contribute to `page` (core.sections), rendered in order.

    They show only live, public content, the same for every visitor: the HTML is kept per page, host and
    language until the content changes (the cache's keys carry the content version), so a page pays for its
    related items' queries and templates once, not on every request.
    """
    request = context.get("request")

    def render():
        sections = sections_for(page, request)
        return "".join(render_to_string("includes/section.html", {"section": section}, request=request) for section in sections)

    host = request.get_host() if request is not None else ""
    return mark_safe(remember(f"sections:{host}:{page.pk}:{translation.get_language()}", render))  # noqa: S308


# A card changes only with the content, and the cache's keys carry the content version.
CARD_SECONDS = 60 * 60 * 24


@register.simple_tag(takes_context=True)
def cards(context, items, template_name, name, **options):
    """The cards of `items`, each rendered by `template_name` with the item as `name` and `options`.

    A card shows one live item the same way to every visitor, so its HTML is kept per item, host, language
    and options until the content changes, and a listing fetches the cards of a page in one cache call: a
    listing's cost stays that of its page of items, not of rendering each card. A card template sees only
    the item, the options and the request: nothing else of the page can slip into what is kept.
    """
    items = list(items)
    request = context.get("request")
    host = request.get_host() if request is not None else ""
    shared = f"card:{template_name}:{host}:{translation.get_language()}:{urlencode(sorted(options.items()))}"
    keys = [f"{shared}:{type(item).__module__}.{type(item).__qualname__}:{item.pk}" for item in items]
    kept = cache.get_many(keys)
    made = {}
    card_template = None
    for key, item in zip(keys, items, strict=True):
        if key not in kept:
            card_template = card_template or get_template(template_name).template
            made[key] = card_template.render(Context({"request": request, name: item, **options}, autoescape=context.autoescape))
    if made:
        cache.set_many(made, CARD_SECONDS)
    return mark_safe("".join(kept[key] if key in kept else made[key] for key in keys))  # noqa: S308


@register.filter
def filter_cache_key(form):
    """What the rendered filter form of a listing is kept under: "" for the listing without filters (its form
    the same for every visitor), None for anything else. A chosen filter, a refused value or a text search is
    rendered each time and never stored, so no address a visitor makes up adds to the cache."""
    if form.is_bound and any(value not in (None, "") for value in form.data.values()):
        if not form.is_valid() or any(form.cleaned_data.get(name) not in (None, "") for name in form.fields):
            return None
    return ""
