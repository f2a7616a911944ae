"""Addresses that last: ASCII slugs in every language, and the paths a page had before (or has in English)
answered with a permanent redirect to where the page is now, in the visitor's language.

- `ascii_slug` and `give_ascii_slugs`: every slug a page is saved with is ASCII (Czech, Polish, Croatian,
  Slovenian and German letters transliterated), like the ones the admin's slug script makes with
  `WAGTAIL_ALLOW_UNICODE_SLUGS = False`; a page saved without an English slug gets one from its title.
- `EarlierPath`: a path a published page had in one language before it was renamed or moved, written when the
  page is saved (`remember_paths_before_save`, `record_earlier_paths`, connected in `CoreConfig.ready`). One row
  for the page that changed, none for its descendants: a path is looked up by its longest known prefix, and
  the rest of it is taken along.
- `current_components`: for a path that no page answers, the path of the page it names now (the routing's
  fallback, `inducult.serving`).
"""

from anyascii import anyascii
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Site

from core.languages import SOURCE_LANGUAGE

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
SLUG_FIELDS = {code: build_localized_fieldname("slug", code) for code in LANGUAGE_CODES}
URL_PATH_FIELDS = {code: build_localized_fieldname("url_path", code) for code in LANGUAGE_CODES}
SLUG_MAX_LENGTH = Page._meta.get_field("slug").max_length

# Where the admin's slug script (Wagtail's `w-slug` controller) writes a letter differently from anyascii: the
# same title gives the same slug whether the browser or the server makes it.
TRANSLITERATION = str.maketrans({"đ": "dj", "Đ": "Dj"})

# A path with more segments than this is no page's address (the site's tree is a few levels deep), and each
# step of the lookup explains at least one segment: both bound the work a made-up path can cause.
MAX_SEGMENTS = 24
MAX_STEPS = 4


def ascii_slug(text):
    """`text` as a slug of lower-case ASCII letters, digits and hyphens ("Regionální akční plán" →
    "regionalni-akcni-plan", "Łódź" → "lodz", "Đakovo" → "djakovo", "Straße" → "strasse")."""
    slug = slugify(anyascii(str(text).translate(TRANSLITERATION)))
    return slug[:SLUG_MAX_LENGTH].strip("-_")


def give_ascii_slugs(page):
    """Make every language's slug of `page` ASCII, and give a page without an English slug one from its title.

    An empty translated slug stays empty: the page's address in that language then follows the English one.
    """
    for field in SLUG_FIELDS.values():
        value = getattr(page, field, None)
        if value and not value.isascii():
            setattr(page, field, ascii_slug(value))
    english = SLUG_FIELDS[SOURCE_LANGUAGE]
    if not getattr(page, english, None):
        base = ascii_slug(getattr(page, build_localized_fieldname("title", SOURCE_LANGUAGE), None) or page.title or "")
        if base and (path := parent_path(page)) is not None:
            setattr(page, english, free_slug(base, path, page))


def parent_path(page):
    """The tree path of the page's parent, or None while it is not known yet (a new page's form is cleaned
    before the page has a place in the tree; Wagtail's admin views keep its parent in `_cached_parent_obj`, where
    Wagtail's own slug generation looks too)."""
    if page.path:
        return page.path[: -page.steplen]
    parent = getattr(page, "_cached_parent_obj", None)
    return parent.path if parent is not None else None


def free_slug(base, parent_tree_path, page):
    """`base`, or `base-2`, `base-3`…, whichever no sibling of the page uses as its English slug."""
    english = SLUG_FIELDS[SOURCE_LANGUAGE]
    siblings = Page.objects.filter(path__startswith=parent_tree_path, depth=len(parent_tree_path) // Page.steplen + 1)
    if page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.filter(**{f"{english}__startswith": base}).values_list(english, flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def with_ascii_slugs(method):
    """A page method (save, full_clean) that first makes the page's slugs ASCII (`give_ascii_slugs`)."""

    def wrapper(page, *args, **kwargs):
        give_ascii_slugs(page)
        return method(page, *args, **kwargs)

    wrapper.__name__ = getattr(method, "__name__", "wrapper")
    wrapper.__doc__ = getattr(method, "__doc__", None)
    return wrapper


class EarlierPath(models.Model):
    """A path a published page had in one language before it was renamed or moved; visitors who follow it are
    sent to the page's current address in that language."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", verbose_name=_("site"))
    language = models.CharField(_("language"), max_length=8)
    path = models.TextField(_("path"), help_text=_("Below the site's home page, without the language prefix."))
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("page"))
    left_at = models.DateTimeField(_("left at"), auto_now=True, help_text=_("When the page left this path."))

    class Meta:
        app_label = "core"
        verbose_name = _("earlier path")
        verbose_name_plural = _("earlier paths")
        constraints = [models.UniqueConstraint(fields=["site", "language", "path"], name="core_earlier_path_unique")]

    def __str__(self):
        return f"/{self.language}/{self.path}"


# Writing: the paths a page leaves when it is saved.


def remember_paths_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: note a public page's URL paths as the database still has them (a draft never published had no
    address anyone could have shared).

    Only whole saves (publishing, moving, creating) change where a page is; saves of a few fields are
    bookkeeping, or descendants' paths brought in line after an ancestor's change, which the ancestor's own
    earlier path already covers.
    """
    if raw or update_fields is not None or instance.pk is None or not issubclass(sender, Page):
        return
    instance._paths_before_save = (
        Page.objects.filter(Q(live=True) | Q(first_published_at__isnull=False), pk=instance.pk)
        .values(*URL_PATH_FIELDS.values())
        .first()
    )


def record_paths_after_save(sender, instance, raw=False, **kwargs):
    """post_save: record the paths the page left (`record_earlier_paths`)."""
    before = instance.__dict__.pop("_paths_before_save", None)
    if before and issubclass(sender, Page):
        record_earlier_paths(instance, before)


def record_earlier_paths(page, before):
    """Record each language's path the page had in `before` ({url_path field: value}) and no longer has."""
    roots = site_roots()
    for code, field in URL_PATH_FIELDS.items():
        old, new = before.get(field), getattr(page, field, None)
        if not old or old == new:
            continue
        site_id, path = site_relative(old, code, roots)
        if site_id is None:
            continue
        EarlierPath.objects.update_or_create(site_id=site_id, language=code, path=path, defaults={"page": page})
        if new:
            # Back where it once was: that address is the page's own again, not a detour.
            new_site_id, new_path = site_relative(new, code, roots)
            EarlierPath.objects.filter(site_id=new_site_id, language=code, path=new_path, page=page).delete()


def site_roots():
    """[(site id, {language: the root page's URL path in it})] for every site."""
    sites = dict(Site.objects.values_list("root_page_id", "pk"))
    rows = Page.objects.filter(pk__in=sites).values("pk", *URL_PATH_FIELDS.values())
    english = URL_PATH_FIELDS[SOURCE_LANGUAGE]
    return [
        (sites[row["pk"]], {code: row[field] or row[english] or "/" for code, field in URL_PATH_FIELDS.items()}) for row in rows
    ]


def site_relative(url_path, language, roots):
    """(site id, path below its root) of a page's URL path in `language`; (None, None) for a site's root itself
    (its address is the language's home, which no rename changes) and for pages outside every site."""
    best = None
    for site_id, paths in roots:
        root = paths[language]
        if url_path.startswith(root) and url_path != root and (best is None or len(root) > len(best[1])):
            best = (site_id, root)
    if best is None:
        return None, None
    return best[0], url_path[len(best[1]) :]


def connect_signals():
    """Record earlier paths on every page save (called from CoreConfig.ready)."""
    pre_save.connect(remember_paths_before_save, dispatch_uid="core-addresses-before-save")
    post_save.connect(record_paths_after_save, dispatch_uid="core-addresses-after-save")


# Reading: where an unknown path leads.


def current_components(site, language, components):
    """The segments of the current path (below the site's root, in `language`) of the page that the path
    `components` named before, with the rest of the path taken along; None when it names no page's earlier
    or English path.

    Each step finds the longest prefix of the path that is a page's current path in `language`, and the
    longest that is any other known path of a page: an earlier path in `language` or in English, the page's
    English path, or English slugs below the current prefix (`/de/partner/<English slug>/`). Only when the
    other explains more of the path does it replace that prefix by the page's current path, and the next step
    looks at the result: a current path wins over every earlier one.
    """
    if not components or len(components) > MAX_SEGMENTS or any("\x00" in component for component in components):
        return None
    root = site.root_page
    roots = {code: getattr(root, field, None) or root.url_path or "/" for code, field in URL_PATH_FIELDS.items()}
    base = roots[language]
    start = list(components)
    for _step in range(MAX_STEPS):
        current = _deepest_page(root, URL_PATH_FIELDS[language], base, components, language)
        found = _longest_other_match(site, root, roots, language, components, current)
        if found is None or found.length <= (current.length if current else 0):
            break
        if not found.current_path.startswith(base):
            return None
        components = [segment for segment in found.current_path[len(base) :].split("/") if segment] + components[found.length :]
    return None if components == start else components


class Match:
    """A prefix of a path that names a page: how many segments it explains, and the page's current URL path in
    the visitor's language and in English."""

    def __init__(self, length, current_path, english_path, rank=0):
        self.length = length
        self.current_path = current_path or english_path
        self.english_path = english_path
        self.rank = rank


def _prefixes(base, components):
    """{URL path of each prefix of `components` below `base`: its number of segments}."""
    return {base + "/".join(components[:n]) + "/": n for n in range(1, len(components) + 1)}


def _deepest_page(root, field, base, components, language, start=0):
    """The Match of the deepest page below `root` whose `field` is `base` followed by a prefix of
    `components[start:]`; None if there is none."""
    candidates = _prefixes(base, components[start:])
    current_field, english_field = URL_PATH_FIELDS[language], URL_PATH_FIELDS[SOURCE_LANGUAGE]
    row = (
        Page.objects.filter(**{f"{field}__in": list(candidates)}, path__startswith=root.path, depth__gt=root.depth)
        .order_by("-depth")
        # A set: values() of the same column twice would give it once.
        .values(*{field, current_field, english_field})
        .first()
    )
    if row is None:
        return None
    matched, current_path, english_path = row[field], row[current_field], row[english_field]
    return Match(start + candidates[matched], current_path, english_path)


def _longest_other_match(site, root, roots, language, components, current):
    """The longest Match among the pages' earlier paths (in `language`, then English), their English paths,
    and English slugs below the `current` match; of equal length, in that order."""
    current_field = URL_PATH_FIELDS[language]
    english_field = URL_PATH_FIELDS[SOURCE_LANGUAGE]
    relative = _prefixes("", components)
    earlier = EarlierPath.objects.filter(
        site=site, language__in={language, SOURCE_LANGUAGE}, path__in=list(relative), page__path__startswith=root.path
    ).values_list("path", "language", f"page__{current_field}", f"page__{english_field}")
    matches = [
        Match(relative[path], current_path, english_path, rank=0 if path_language == language else 1)
        for path, path_language, current_path, english_path in earlier
    ]
    if language != SOURCE_LANGUAGE:
        english = _deepest_page(root, english_field, roots[SOURCE_LANGUAGE], components, language)
        if english:
            english.rank = 2
            matches.append(english)
        if current and current.length < len(components) and current.english_path:
            below = _deepest_page(root, english_field, current.english_path, components, language, start=current.length)
            if below:
                below.rank = 3
                matches.append(below)
    return min(matches, key=lambda match: (-match.length, match.rank), default=None)
