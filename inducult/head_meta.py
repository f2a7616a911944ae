"""What a page's <head> tells search engines and social networks: its title, description, canonical address,
whether it may be indexed, and the Open Graph and Twitter card tags with the page's image.

Everything here is read from the page already loaded for the response, or kept in the cache until the content
changes (the site's own description, an image's rendition): the head costs no query of its own.
"""

import html
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from core.cache import remember
from core.languages import page_languages
from core.sites import site_for_request
from partners.models import PartnerPage
from publications.models import PublicationPage

SITE_NAME = "InduCult2.0"
# Search engines show about this many characters of a description; a longer text is cut at a word.
DESCRIPTION_LENGTH = 160
# Social networks show large images at 1200 pixels wide at most; a smaller original keeps its size.
SHARE_IMAGE_WIDTH = 1200
# Where a page's description comes from when it has no search description, in this order: the first of
# these fields the page has and has filled in (rich text and StreamField paragraphs read as plain text).
DESCRIPTION_FIELDS = ("summary", "intro", "abstract", "nutshell", "subtitle", "description", "body")
# Open Graph names locales with a territory: the one where each language of the site is mostly read.
OG_LOCALES = {
    "en": "en_GB",
    "de": "de_DE",
    "cs": "cs_CZ",
    "pl": "pl_PL",
    "sl": "sl_SI",
    "hr": "hr_HR",
    "it": "it_IT",
    "nl": "nl_NL",
}
# Views that are not Wagtail pages and are a page of their own at their address without a query string.
CANONICAL_VIEWS = {"search"}


def site_description_fallback():
    """The site's description where its home page has none."""
    return gettext(
        "InduCult2.0 (2016–2019): industrial culture in Central Europe, a project of the Interreg CENTRAL EUROPE "
        "programme co-financed by the European Regional Development Fund."
    )


@dataclass
class ShareImage:
    """An image for social networks: its absolute URL, size, type and alternative text."""

    url: str
    width: int
    height: int
    mime_type: str
    alt: str = ""


@dataclass
class HeadMeta:
    """What base.html puts into <head> for one response."""

    title: str  # the <title>: the page's title and the site's name, never the name twice
    share_title: str  # og:title: the page's own title
    description: str
    canonical: str | None  # absolute; None where the address has no canonical form
    noindex: bool
    locale: str
    alternate_locales: list = field(default_factory=list)
    image: ShareImage | None = None

    @property
    def twitter_card(self):
        return "summary_large_image" if self.image and self.image.width >= 600 else "summary"


def document_title(title):
    """The <title>: "Page · InduCult2.0", or the title alone where it already names the site (the home page)."""
    title = " ".join(str(title or "").split())
    if not title:
        return SITE_NAME
    if SITE_NAME.casefold() in title.casefold():
        return title
    return f"{title} · {SITE_NAME}"


def plain_text(value):
    """The text of a field's value as a visitor reads it: tags stripped, entities decoded, whitespace collapsed."""
    if hasattr(value, "raw_data"):
        # A StreamField: its first paragraph (read from the stored data: no block is rendered, no image loaded).
        value = next((block["value"] for block in value.raw_data if block.get("type") == "paragraph"), "")
    text = str(value or "")
    if "<" in text:
        # Rich text: its tags go, and its entities (&amp;) become the characters the template escapes once.
        text = html.unescape(strip_tags(text))
    return " ".join(text.split())


def shorten(text):
    """At most DESCRIPTION_LENGTH characters, cut after a whole word."""
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[: DESCRIPTION_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–-") + "…"


def own_description(page):
    """The page's search description, else its summary or introduction; "" when it has none of these."""
    for name in ("search_description", *DESCRIPTION_FIELDS):
        text = plain_text(getattr(page, name, None))
        if text:
            return text if name == "search_description" else shorten(text)
    return ""


def site_description(request):
    """The description of the site: its home page's, else a sentence about the project. Kept per site and language."""
    site = site_for_request(request) if request is not None else None
    if site is None:
        return site_description_fallback()

    def build():
        home = Page.objects.filter(pk=site.root_page_id).specific().first()
        return (own_description(home) if home else "") or site_description_fallback()

    return remember(f"site-description:{site.pk}:{translation.get_language()}", build)


def canonical_address(page, request):
    """(canonical absolute URL or None, whether to keep the address out of search indexes) for `page`.

    A page's canonical address is its URL in the visitor's language with its canonical query: a listing's
    chosen filters and page number in a fixed order, nothing for a page that reads no parameters (campaign
    parameters and other unknown ones are dropped). Where the query has no canonical form (a text search, a
    refused filter value, a page number past the end), the response is not a page to index: `noindex`, no
    canonical link (a canonical to another address would contradict the noindex).
    """
    url = page.get_url(request)
    if not url:
        return None, False
    canonical_query = getattr(page, "canonical_query", None)
    query = canonical_query(request) if canonical_query else ""
    if query is None:
        return None, True
    return request.build_absolute_uri(url + (f"?{query}" if query else "")), False


def view_canonical_address(request):
    """(canonical URL or None, noindex) for a response that is not a Wagtail page (the site search, a 404).

    The search form is a page of its own at its address without a query; its results are not: they are
    kept out of search indexes (`noindex`, their links still followed) and have no canonical link, since
    they are no copy of the empty form. Anything else (an error page) gets neither."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in CANONICAL_VIEWS:
        return None, False
    if any(value for value in request.GET.values()):
        return None, True
    return request.build_absolute_uri(request.path), False


def _rendition_of(image_id, request):
    """The share-sized rendition of an image as plain data, kept per host until the content changes; None for
    an image social networks cannot show (SVG) or whose file is missing."""

    def build():
        image = get_image_model().objects.filter(pk=image_id).first()
        if image is None or image.is_svg():
            return {}
        spec = f"width-{SHARE_IMAGE_WIDTH}"
        if image.file.name.lower().rsplit(".", 1)[-1] not in ("jpg", "jpeg", "png"):
            # WebP, AVIF, GIF and others: PNG every network reads.
            spec += "|format-png"
        try:
            rendition = image.get_rendition(spec)
        except OSError:  # the file is missing or unreadable (SourceImageIOError is one)
            return {}
        mime = "image/jpeg" if rendition.file.name.lower().endswith((".jpg", ".jpeg")) else "image/png"
        return {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "mime_type": mime,
            "title": image.title,
        }

    data = remember(f"share-image:{request.get_host()}:{image_id}", build)
    return data or None


def _first_body_image(page):
    """(image id, alternative text) of the first image block of the page's body or description (StreamFields),
    read from the stored data: no image is loaded for it."""
    for name in ("body", "description"):
        try:
            is_stream = isinstance(page._meta.get_field(name), StreamField)
        except FieldDoesNotExist:
            continue
        if not is_stream:
            continue
        for block in getattr(getattr(page, name), "raw_data", []):
            value = block.get("value")
            if block.get("type") == "image" and isinstance(value, dict) and value.get("image"):
                return value["image"], value.get("alt_text") or ""
    return None, ""


def share_image(page, request):
    """The image social networks show with the page: a partner's logo, a publication's cover, else the first
    image of the page's body; None for a page without one."""
    if isinstance(page, PartnerPage) and page.logo_id:
        image_id, alt = page.logo_id, gettext("Logo of %(name)s") % {"name": page.title}
    elif isinstance(page, PublicationPage) and page.cover_image_id:
        image_id, alt = page.cover_image_id, gettext("Cover of %(title)s") % {"title": page.title}
    else:
        image_id, alt = _first_body_image(page)
        alt = alt or page.title
    if not image_id:
        return None
    data = _rendition_of(image_id, request)
    if data is None:
        return None
    return ShareImage(url=data["url"], width=data["width"], height=data["height"], mime_type=data["mime_type"], alt=str(alt))


def head_meta(page, request, title=""):
    """The HeadMeta of a response: of `page` when it is a Wagtail page, else of the view (search, error page).

    `title` is the title a template set (its `title` block); a page's own is its SEO title, else its title.
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    is_page = isinstance(page, Page)
    if not title and is_page:
        title = page.seo_title or page.title
    title = " ".join(str(title or "").split())
    if is_page:
        description = own_description(page) or site_description(request)
        canonical, noindex = canonical_address(page, request) if request is not None else (None, False)
        alternates = [code for code in page_languages(page) if code != language]
        image = share_image(page, request) if request is not None else None
    else:
        description = site_description(request)
        canonical, noindex = view_canonical_address(request) if request is not None else (None, False)
        alternates = [code for code, _name in settings.LANGUAGES if code != language] if canonical else []
        image = None
    return HeadMeta(
        title=document_title(title),
        share_title=title or SITE_NAME,
        description=description,
        canonical=canonical,
        noindex=noindex,
        locale=OG_LOCALES.get(language, language),
        alternate_locales=[OG_LOCALES.get(code, code) for code in alternates],
        image=image,
    )
