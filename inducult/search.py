"""Site search: every page type, in the visitor's language with English where a field is not translated."""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from core.languages import SOURCE_LANGUAGE
from core.models import SitePage

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
RESULTS_PER_PAGE = 10



def searched_fields(model):
    """The text fields of a page type a visitor searches, besides the title: the fields its `search_fields`
    name for Wagtail's search (each app declares them on its page types), except StreamFields, whose JSON
    would match block names. Rich text is searched as stored (HTML)."""
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


def searched_page_types():
    """Every page type of the site: the concrete subclasses of SitePage."""
    return [model for model in get_page_models() if issubclass(model, SitePage) and not model._meta.abstract]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), required=False, max_length=MAX_QUERY_LENGTH, strip=True)

    def clean_q(self):
        # PostgreSQL refuses NUL characters in text; nobody types them.
        return self.cleaned_data["q"].replace("\x00", "")


def _column_names(model, field):
    """The columns to search for `field`: the visitor's language and English if it is translated."""
    language = translation.get_language() or SOURCE_LANGUAGE
    names = {field}
    localized = build_localized_fieldname(field, language)
    if any(f.name == localized for f in model._meta.get_fields()):
        names = {localized, build_localized_fieldname(field, SOURCE_LANGUAGE)}
    return names


def _matches(model, fields, word):
    q = Q()
    for field in ("title", *fields):
        for column in _column_names(model, field):
            q |= Q(**{f"{column}__icontains": word})
    return q


def search_pages(query):
    """Live, public pages of every type containing every word of `query`; title matches first."""
    words = query.split()[:MAX_WORDS]
    if not words:
        return Page.objects.none()
    matching_ids = Q()
    for model in searched_page_types():
        fields = searched_fields(model)
        pages = model.objects.live().public()
        for word in words:
            pages = pages.filter(_matches(model, fields, word))
        matching_ids |= Q(pk__in=pages.values("pk"))
    title_match = Q()
    for word in words:
        title_match &= _matches(Page, (), word)
    return (
        Page.objects.filter(matching_ids)
        .annotate(in_title=Case(When(title_match, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("in_title", "path")
    )
