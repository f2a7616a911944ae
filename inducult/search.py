"""The site search page: a visitor's query, in their language, over the search table (sitesearch), with the
type, partner, work package and year facets, their counts, and a snippet for each result."""

import hashlib
import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sitesearch import query as search
from sitesearch.indexing import indexed_page_types
from sitesearch.models import DocumentText, SearchDocument

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
# How many results of a query (ten pages) are kept ranked in the shared cache, and for how long at most.
KEPT_RESULTS = 100
FOUND_SECONDS = 60 * 60
# The facets a search can be narrowed by besides the type: (URL parameter, facet name in the search table).
FACETS = (("partner", "partner"), ("work_package", "work_package"))


class SearchForm(forms.Form):
    """The query and the facets, as the search page's address holds them."""

    q = forms.CharField(label=_("Search the site"), required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    type = forms.ChoiceField(label=_("Type"), required=False)
    partner = forms.IntegerField(label=_("Partner"), required=False, min_value=1, max_value=2**31 - 1)
    work_package = forms.IntegerField(label=_("Work package"), required=False, min_value=1, max_value=2**31 - 1)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1000, max_value=9999)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *page_type_choices()]

    def clean_q(self):
        # PostgreSQL refuses NUL characters in text; nobody types them.
        return self.cleaned_data["q"].replace("\x00", "")


def page_type_choices():
    """(kind, name) of every page type the search finds."""
    return [(model._meta.label_lower, model._meta.verbose_name) for model in indexed_page_types()]


def type_names():
    return dict(page_type_choices())


@dataclass(order=True)
class FacetLink:
    """One value of a facet: sorted most results first, then by name."""

    label: str = field(compare=False)
    lang: str = field(compare=False)
    count: int = field(compare=False)
    url: str = field(compare=False)
    selected: bool = field(compare=False)
    sort_key: tuple = field(init=False, repr=False)

    def __post_init__(self):
        self.sort_key = (-self.count, self.label.casefold())


class SiteSearch:
    """One search: the results of the requested page, the facets with their counts and links, and a
    suggestion when nothing is found (PostgreSQL)."""

    def __init__(self, params):
        self.params = params
        self.form = SearchForm(params or None)
        self.valid = self.form.is_valid()
        data = self.form.cleaned_data if self.valid else {}
        self.text = data.get("q", "")
        self.kind = data.get("type") or ""
        self.facets = {name: data[parameter] for parameter, name in FACETS if data.get(parameter)}
        self.year = data.get("year")
        self.query = search.Query(self.text, get_language())
        self.results = None
        self.suggestion = ""
        self.kind_counts, self.facet_counts, self.year_counts = {}, {}, {}

    @property
    def asked(self):
        """Whether the visitor asked for something (words, or a value the form refused)."""
        return bool(self.text) or not self.valid

    def run(self, page_number):
        if not self.valid or not self.query:
            return self
        found = self._found()
        self.kind_counts, self.facet_counts, self.year_counts = found["kinds"], found["facets"], found["years"]
        self.suggestion = found["suggestion"]
        paginator = Paginator(found["ranked"], RESULTS_PER_PAGE)
        # The type facet's counts (over every type) add up to the number of results: no count query of its own.
        paginator.count = found["count"]
        self.results = paginator.get_page(page_number)
        ranks = dict(self.results.object_list)
        if not ranks and found["count"]:
            # A page past the ones kept with the query: ranked afresh, on narrow rows.
            start = self.results.start_index() - 1
            ranks = dict(self._ranked()[start : start + RESULTS_PER_PAGE])
        # The page of results is chosen on narrow rows (id, rank), then those ten are read whole: sorting every
        # match's whole row costs more than twice as much on a large site.
        documents = SearchDocument.objects.select_related("file_document", "text").in_bulk(ranks)
        self.results.object_list = [documents[pk] for pk in ranks if pk in documents]
        for document in self.results.object_list:
            document.rank = ranks[document.pk]
        self._annotate(list(self.results))
        return self

    def _matching(self):
        matching = search.matching(self.query, facets=self.facets)
        return matching.filter(date__year=self.year) if self.year else matching

    def _ranked(self):
        narrowed = self._matching().filter(kind=self.kind) if self.kind else self._matching()
        return search.ranked(narrowed, self.query).values_list("pk", "rank")

    def _found(self):
        """What the query finds, from the shared cache when it was asked under the current content version.

        A broad query ("industrial culture" matches most pages) costs as much as its matches; kept with the
        content version (any change to what visitors see makes it old at once, in every process), the next
        visitor asking it pays as little as for a narrow one. Queries that find nothing are not kept: anyone
        can make up endless ones, and they are cheap.
        """
        key = [self.query.language, self.query.words, self.kind, sorted(self.facets.items()), self.year]
        name = "search:" + hashlib.sha256(json.dumps(key, default=str).encode()).hexdigest()
        found = cache.get(name)
        if found is None:
            found = self._find()
            if found["count"]:
                cache.set(name, found, FOUND_SECONDS)
        return found

    def _find(self):
        """{"count", "kinds", "facets", "years", "suggestion", "ranked": the first KEPT_RESULTS (id, rank)}."""
        matching = self._matching()
        narrowed = matching.filter(kind=self.kind) if self.kind else matching
        kinds = search.kind_counts(matching)
        count = kinds.get(self.kind, 0) if self.kind else sum(kinds.values())
        found = {"count": count, "kinds": kinds, "facets": {}, "years": {}, "suggestion": "", "ranked": []}
        if count:
            found["ranked"] = list(self._ranked()[:KEPT_RESULTS])
        if count == 0 and not self.kind and not self.facets and not self.year:
            found["suggestion"] = search.suggestion(self.query)
        elif count and (self.kind or self.facets or self.year):
            # Partners, work packages and years once the visitor has chosen a type or another facet: counting
            # them over every match of a broad query would cost as much as the search itself.
            found["facets"] = search.facet_counts(narrowed)
            found["years"] = search.year_counts(narrowed)
        return found

    def _annotate(self, documents):
        """Each result's type name, snippet, and the file it was found in."""
        names = type_names()
        in_file = [document for document in documents if document.rank == 2 and document.file_document_id]
        file_texts = dict(
            DocumentText.objects.filter(document_id__in=[document.file_document_id for document in in_file]).values_list(
                "document_id", "text"
            )
        )
        for document in documents:
            document.type_name = names.get(document.kind, "")
            document.found_in_file = document in in_file
            if document.found_in_file:
                parts = [(document.file_language, file_texts.get(document.file_document_id, ""))]
            else:
                parts = [(document.summary_language, document.summary), *((lang, text) for lang, text in document.text.parts)]
            document.snippet, snippet_language = search.snippet([part for part in parts if part[1]], self.query)
            if document.found_in_file:
                document.snippet_lang = document.file_language if document.file_language != get_language() else ""
            else:
                document.snippet_lang = snippet_language

    def facet_groups(self):
        """[(heading, [FacetLink])] of the facets that have values, most results first."""
        if self.results is None or not self.results.paginator.count and not (self.kind or self.facets or self.year):
            return []
        names = type_names()
        kinds = [
            FacetLink(capfirst(names.get(kind, kind)), "", count, self.url(type=kind), kind == self.kind)
            for kind, count in self.kind_counts.items()
        ]
        groups = [(_("Type"), sorted(kinds))]
        titles = self._titles({value for values in self.facet_counts.values() for value in values})
        for parameter, name in FACETS:
            links = [
                FacetLink(
                    *titles.get(value, (str(value), "")), count, self.url(**{parameter: value}), self.facets.get(name) == value
                )
                for value, count in self.facet_counts.get(name, {}).items()
            ]
            if links:
                groups.append((self.form.fields[parameter].label, sorted(links)))
        if self.year_counts:
            years = [
                FacetLink(str(year), "", count, self.url(year=year), year == self.year)
                for year, count in sorted(self.year_counts.items(), reverse=True)
            ]
            groups.append((_("Year"), years))
        return groups

    def _titles(self, page_ids):
        """{page id: (title, lang if it is English text)} in the visitor's language, from the search table."""
        rows = SearchDocument.objects.filter(page_id__in=page_ids, language=get_language()).values_list(
            "page_id", "title", "title_language"
        )
        return {page_id: (title, title_language) for page_id, title, title_language in rows}

    def url(self, **changes):
        """The search's address with a facet set (or unset, if it is the one selected) and the page dropped."""
        params = {key: value for key, value in self.current().items() if key != "page"}
        for key, value in changes.items():
            if str(params.get(key, "")) == str(value):
                params.pop(key, None)
            else:
                params[key] = value
        return "?" + urlencode(params)

    def current(self):
        data = self.form.cleaned_data if self.valid else {}
        params = {"q": self.text}
        for key in ("type", "partner", "work_package", "year"):
            if data.get(key):
                params[key] = data[key]
        return params

    @property
    def suggestion_url(self):
        return "?" + urlencode({"q": self.suggestion})

    def query_string(self):
        """The search's parameters without the page, for the pagination links."""
        return urlencode(self.current())
