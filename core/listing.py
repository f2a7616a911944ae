"""Filtered listings: what the event list, the publication library and the partner index share.

An index page that lists items with a filter form follows one flow: read the form from the query string
(values it does not know are form errors, shown and ignored, never server errors), filter, paginate, and
keep the filters in the pagination links. The same flow gives the page's *canonical query*, the only query
string under which a response may be stored in the page cache (serving), and the *typed links* other pages
make to a filtered listing (`listing_url`: a filter that does not exist is an error in the code, caught by
the tests, not a link that silently shows everything).
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import remember

PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
# Detail pages list the latest related items and link to the filtered listing for the rest: a partner or
# work package with hundreds of publications must not make its page heavy.
RELATED_ITEMS_SHOWN = 10


@dataclass
class Listing:
    """One request's view of a filtered listing."""

    form: forms.Form
    selected: dict
    unfiltered: object  # what `listing_items()` gave
    items: object  # the filtered items: a queryset, a list, or what `paginated()` takes
    page: object = None  # the Paginator page shown, when the listing is paginated
    is_filtered: bool = False
    filter_query: str = ""  # the filters as a query string, for pagination links that keep them


def offer_choices(form, name, offered, known, empty_label):
    """Offer only `offered` (value, label) pairs in the ChoiceField `name`, and also the value the address asks
    for when it is one of the `known` pairs: a bookmarked filter whose value has no items now lists none and
    says so, rather than being refused."""
    asked = form.data.get(form.add_prefix(name)) if form.is_bound else None
    choices = list(offered)
    if asked and asked not in {value for value, _label in choices}:
        choices += [(value, label) for value, label in known if value == asked]
    form.fields[name].choices = [("", empty_label), *choices]


class FilterableListingMixin:
    """For index pages whose listing is filtered by a form read from the query string.

    A page sets `filter_form_class` (a form of optional fields; its ChoiceFields are the filters that make
    canonical addresses) and `items_per_page` (None: no pagination), and implements `listing_items()` (what
    the unfiltered listing shows) and `filter_items(items, selected)`. `filter_choices()` gives the form's
    keyword arguments (cache them: they are asked on every request); `paginated(items)` what the Paginator
    pages through; `unfiltered_fields` the fields that do not make a listing "filtered" (a sort order).
    """

    filter_form_class = None
    items_per_page = None
    unfiltered_fields = ()

    def listing_items(self):
        raise NotImplementedError

    def filter_items(self, items, selected):
        raise NotImplementedError

    def filter_choices(self):
        return {}

    def paginated(self, items, count_key=None):
        """What the Paginator pages through; `count_key` names where the number of items may be kept."""
        return KeptCount(items, count_key)

    def filter_form(self, request):
        form = self.filter_form_class(request.GET or None, **self.filter_choices())
        for field in form.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.choices)
        return form

    def listing(self, request):
        """The filtered listing for `request`, paginated when the page is."""
        form = self.filter_form(request)
        selected = form.cleaned_data if form.is_valid() else {}
        unfiltered = self.listing_items()
        items = self.filter_items(unfiltered, selected)
        page = None
        if self.items_per_page:
            paginated = self.paginated(items, self.count_key(form, selected))
            page = Paginator(paginated, self.items_per_page).get_page(request.GET.get("page"))
        return Listing(
            form=form,
            selected=selected,
            unfiltered=unfiltered,
            items=items,
            page=page,
            is_filtered=any(value for name, value in selected.items() if name not in self.unfiltered_fields),
            filter_query=query_without_page(request),
        )

    def count_key(self, form, selected):
        """Where the number of items under `selected` is kept until the content changes, or None: only for
        filters chosen from a list (a count per made-up search text would fill the cache). Counting scans
        every matching row, so a listing's page would otherwise cost more as the site grows."""
        chosen = []
        for name, field in form.fields.items():
            value = selected.get(name)
            if value in (None, "") or name in self.unfiltered_fields:
                continue
            if not isinstance(field, forms.ChoiceField):
                return None
            chosen.append((name, value))
        return f"listing-count:{self._meta.label_lower}:{self.pk}:{get_language()}:{urlencode(chosen)}"

    def canonical_query(self, request):
        """The listing's filters and page number in canonical form (`listing_query`)."""
        return listing_query(request, self.filter_form(request), self.page_count)

    def page_count(self, selected):
        if not self.items_per_page:
            return 1
        form = self.filter_form_class(**self.filter_choices())
        paginated = self.paginated(self.filter_items(self.listing_items(), selected), self.count_key(form, selected))
        return Paginator(paginated, self.items_per_page).num_pages

    @classmethod
    def listing_url(cls, **filters):
        """The address of this kind of listing (the live one of the site) filtered by `filters`, form field
        names with their values, or None when there is no such listing. An unknown filter name raises
        TypeError: a link to a filter that was renamed must fail in the tests, not show everything."""
        fields = cls.filter_form_class.base_fields
        unknown = sorted(set(filters) - set(fields))
        if unknown:
            raise TypeError(f"{cls.__name__} has no filter {', '.join(unknown)}")
        url = remember(f"listing-url:{cls._meta.label_lower}:{get_language()}", lambda: _first_live_url(cls))
        if url is None:
            return None
        query = urlencode([(name, filters[name]) for name in fields if filters.get(name) not in (None, "")])
        return f"{url}?{query}" if query else url


class QuickSelect(forms.Select):
    """A <select> written in Python, the same HTML as Django's: Django renders every option through a
    template, milliseconds per request for a filter of a hundred partners on every filtered listing."""

    def render(self, name, value, attrs=None, renderer=None):
        if any(isinstance(label, list | tuple) for _value, label in self.choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's own
        chosen = self.format_value(value)
        selected = chosen[0] if chosen else None
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((option, mark_safe(" selected") if str(option) == selected else "", label) for option, label in self.choices),  # noqa: S308
        )
        # In the order Django's attrs.html writes them: True as a bare name, False left out.
        attributes = format_html_join(
            "",
            "{}",
            (
                (format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value),)
                for key, value in self.build_attrs(self.attrs, attrs).items()
                if value is not False
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)


class KeptCount:
    """A listing's items for the Paginator, their count kept under `key` (when given) until the content
    changes."""

    def __init__(self, items, key=None):
        self.items, self.key = items, key

    def count(self):
        return remember(self.key, self.items.count) if self.key else self.items.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        return deep_slice(self.items, item)


# From this many items on, a page of a listing is read by its ids first (`deep_slice`): every page after the
# first, so that a listing's later pages need as many queries at any length.
DEEP_OFFSET = 1


def deep_slice(items, item):
    """`items[item]`, a slice of a queryset; past DEEP_OFFSET read in two steps: the ids of the page (a
    narrow sort and OFFSET), then those rows. Otherwise the database sorts and skips every wide row (with its
    joins) before the page, and a listing's last page costs more the longer the listing is."""
    if not hasattr(items, "values_list") or (item.start or 0) < DEEP_OFFSET:
        return items[item]
    ids = list(items.values_list("pk", flat=True)[item])
    rows = {row.pk: row for row in items.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def _first_live_url(model):
    index = model.objects.live().first()
    return index.url if index else None


def pages_of_site(index, model):
    """The live, public pages of `model` in the site of `index`, wherever they live in its tree: events and
    publications live below the partner that owns them (for the partner's editing rights) as well as below
    their index."""
    home_path = index.path[: -index.steplen]
    return model.objects.live().public().filter(path__startswith=home_path, depth__gte=index.depth)


def latest_and_more(queryset, more_url):
    """The first RELATED_ITEMS_SHOWN items, and `more_url` (a `listing_url`) if there are more."""
    items = list(queryset[: RELATED_ITEMS_SHOWN + 1])
    if len(items) <= RELATED_ITEMS_SHOWN:
        return items, None
    return items[:RELATED_ITEMS_SHOWN], more_url() if callable(more_url) else more_url


def query_without_page(request):
    """The current filters as a query string, for pagination links that keep them; empty values (a
    submitted form's unused fields) are left out, so that the links are the cached, canonical addresses."""
    query = request.GET.copy()
    query.pop("page", None)
    for name, values in list(query.lists()):
        if any(values):
            query.setlist(name, [value for value in values if value])
        else:
            del query[name]
    return query.urlencode()


def listing_query(request, form, page_count=None):
    """The canonical query string of a filtered (and paginated) listing for `request`, or None.

    Canonical: the filter form's non-empty values in the form's field order, then `page` when it is past
    the first. Only a request whose query string is exactly this is stored in the page cache, so the
    number of cached addresses is bounded by the content, whatever visitors send. None (never cached):
    values the form refuses, free text such as a search (no bound on how many there are), or a page
    number that is no page of the listing. `page_count(cleaned_data)` is asked only for a page past the
    first.
    """
    if form.is_bound and not form.is_valid():
        return None
    selected = form.cleaned_data if form.is_bound else {}
    parts = []
    for name, field in form.fields.items():
        value = selected.get(name)
        if value in (None, ""):
            continue
        if not isinstance(field, forms.ChoiceField) or not isinstance(value, str):
            return None
        parts.append((name, value))
    page = request.GET.get("page")
    if page is not None and page != "1":
        if not PAGE_NUMBER.fullmatch(page) or page_count is None or int(page) > page_count(selected):
            return None
        parts.append(("page", page))
    return urlencode(parts)
