"""Searching pages by words, in the visitor's language with English where a field is not translated: what the
site search (every page type) and a listing's text filter (the library) share.

A page type's searched fields are those its `search_fields` name for Wagtail's search (each app declares them
on its page types), except StreamFields, whose JSON would match block names; rich text is searched as stored.
Every word must appear, in the title or one of those fields.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.fields import StreamField
from wagtail.search import index

from core.languages import SOURCE_LANGUAGE

MAX_WORDS = 8


def searched_fields(model):
    """The fields of a page type a visitor's words are looked for in, besides the title."""
    names = []
    for field in model.search_fields:
        if not isinstance(field, index.SearchField) or field.field_name in ("title", *names):
            continue
        try:
            model_field = model._meta.get_field(field.field_name)
        except FieldDoesNotExist:
            continue
        if isinstance(model_field, StreamField) or getattr(model_field, "translated_field", None) is not None:
            continue  # a StreamField, or one language's column (the field itself stands for them all)
        names.append(field.field_name)
    return tuple(names)


def words_of(query):
    """The words of a query that are searched for (at most MAX_WORDS)."""
    return query.split()[:MAX_WORDS]


def _columns(model, field):
    """The columns to search for `field`: the visitor's language and English if it is translated."""
    language = translation.get_language() or SOURCE_LANGUAGE
    localized = build_localized_fieldname(field, language)
    if any(f.name == localized for f in model._meta.get_fields()):
        return {localized, build_localized_fieldname(field, SOURCE_LANGUAGE)}
    return {field}


def word_matches(model, fields, word):
    """A Q for pages of `model` with `word` in their title or one of `fields`."""
    q = Q()
    for field in ("title", *fields):
        for column in _columns(model, field):
            q |= Q(**{f"{column}__icontains": word})
    return q


def with_every_word(queryset, query):
    """The pages of `queryset` (one page type) that contain every word of `query`."""
    model = queryset.model
    fields = searched_fields(model)
    for word in words_of(query):
        queryset = queryset.filter(word_matches(model, fields, word))
    return queryset
