"""Searching the search table: the documents in the visitor's language with every word of a query (in any
form: sitesearch.text), ranked title matches first, their facets with counts, the nearest known words for a
query that finds nothing (PostgreSQL), and the snippet each result shows."""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils.html import escape
from django.utils.safestring import mark_safe

from sitesearch.models import SearchDocument, SearchFacet, SearchTerm
from sitesearch.text import fold, fold_text, lemma, pattern, query_terms, words

MAX_WORDS = 8
SNIPPET_LENGTH = 240
SIMILARITY = 0.35


@dataclass
class Query:
    """A visitor's query: its words and the terms each may match, in one language."""

    text: str
    language: str
    words: list = field(init=False)

    def __post_init__(self):
        self.words = query_terms(self.text, self.language, MAX_WORDS)

    def __bool__(self):
        return bool(self.words)

    def in_column(self, column):
        """A Q for documents whose `column` holds every word (any of its forms)."""
        q = Q()
        for _word, alternatives in self.words:
            any_form = Q()
            for term in alternatives:
                any_form |= Q(**{f"{column}__contains": pattern(term)})
            q &= any_form
        return q

    def anywhere(self):
        """A Q for documents with every word in the page's text or in its file's."""
        q = Q()
        for _word, alternatives in self.words:
            any_form = Q()
            for term in alternatives:
                any_form |= Q(terms__contains=pattern(term)) | Q(file_terms__contains=pattern(term))
            q &= any_form
        return q

    def matches(self, word):
        """Whether a word of a text is one the query asks for (the highlight of snippets)."""
        forms = {fold(word), lemma(word, self.language)}
        for _query_word, alternatives in self.words:
            for term in alternatives:
                for form in forms:
                    if form.startswith(term) or (len(term) >= 5 and term in form):
                        return True
        return False


def matching(query, *, kind="", facets=None):
    """The documents in the query's language with every word, narrowed by type and facets ({name: value});
    none for a query without words (only punctuation, say)."""
    if not query:
        return SearchDocument.objects.none()
    documents = SearchDocument.objects.filter(language=query.language).filter(query.anywhere())
    if kind:
        documents = documents.filter(kind=kind)
    for name, value in (facets or {}).items():
        documents = documents.filter(page_id__in=SearchFacet.objects.filter(name=name, value=value).values("page_id"))
    return documents


def ranked(documents, query):
    """Title matches first, then matches in the page's text, then those only in its file; newest first."""
    return documents.annotate(
        rank=Case(
            When(query.in_column("title_terms"), then=Value(0)),
            When(query.in_column("terms"), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", F("date").desc(nulls_last=True), "title", "page_id")


def kind_counts(documents):
    """{kind: number of documents} of the matching documents (before narrowing by type)."""
    return dict(documents.order_by().values_list("kind").annotate(count=Count("pk")))


def facet_counts(documents):
    """{facet name: {value: number of pages}} of the matching documents."""
    counts = {}
    rows = (
        SearchFacet.objects.filter(page_id__in=documents.values("page_id"))
        .values_list("name", "value")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for name, value, count in rows:
        counts.setdefault(name, {})[value] = count
    return counts


def year_counts(documents):
    """{year: number of documents} of the matching documents that have a date."""
    rows = documents.exclude(date=None).order_by().annotate(year=ExtractYear("date")).values_list("year")
    return dict(rows.annotate(count=Count("pk")))


def suggestion(query):
    """On PostgreSQL, the query with each word that is in no page replaced by the nearest known term, or ""
    when there is none (SQLite has no trigram similarity: no suggestion there)."""
    if connection.vendor != "postgresql":
        return ""
    replaced, changed = [], False
    for word, alternatives in query.words:
        known = SearchTerm.objects.filter(language=query.language, term__in=alternatives).exists()
        if known or len(word) < 3:
            replaced.append(word)
            continue
        nearest = (
            SearchTerm.objects.filter(TrigramSimilar(F("term"), Value(fold(word))), language=query.language)
            .annotate(similarity=TrigramSimilarity("term", fold(word)))
            .filter(similarity__gte=SIMILARITY)
            .order_by("-similarity", "term")
            .values_list("term", flat=True)
            .first()
        )
        replaced.append(nearest or word)
        changed = changed or bool(nearest)
    return " ".join(replaced) if changed else ""


def snippet(parts, query, length=SNIPPET_LENGTH):
    """(HTML, language) of the passage of [(language, text)] around the first word the query asks for, those
    words in <mark>, everything escaped; the start of the text when no word is found."""
    stems = {term[:4] for _word, alternatives in query.words for term in alternatives}
    for language, text in parts:
        # Most parts hold none of the words: a look at their folded text spares reading them word by word.
        folded = fold_text(text)
        if not any(stem in folded for stem in stems):
            continue
        for found in re.finditer(r"\w+", text):
            if query.matches(found.group()):
                start = max(0, found.start() - length // 3)
                if start:
                    start = text.find(" ", start) + 1 or start
                passage = text[start : start + length]
                return highlight(passage, query, cut_before=start > 0, cut_after=start + length < len(text)), language
    if parts:
        language, text = parts[0]
        return highlight(text[:length], query, cut_before=False, cut_after=len(text) > length), language
    return "", ""


def highlight(text, query, *, cut_before, cut_after):
    """`text`, escaped, with the words the query asks for in <mark>."""
    pieces, last = [], 0
    for found in re.finditer(r"\w+", text):
        if query.matches(found.group()):
            pieces.append(escape(text[last : found.start()]))
            pieces.append(f"<mark>{escape(found.group())}</mark>")
            last = found.end()
    pieces.append(escape(text[last:]))
    return mark_safe(("… " if cut_before else "") + "".join(pieces) + (" …" if cut_after else ""))  # noqa: S308 - every piece escaped above


__all__ = ["Query", "facet_counts", "kind_counts", "matching", "ranked", "snippet", "suggestion", "words", "year_counts"]
