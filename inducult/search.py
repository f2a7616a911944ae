"""Site search: every page type of the site, by the words of core.search, title matches first."""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, get_page_models

from core.models import SitePage
from core.search import with_every_word, word_matches, words_of

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


def searched_page_types():
    """Every page type of the site: the concrete subclasses of SitePage."""
    return [model for model in get_page_models() if issubclass(model, SitePage) and not model._meta.abstract]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), required=False, max_length=MAX_QUERY_LENGTH, strip=True)

    def clean_q(self):
        # PostgreSQL refuses NUL characters in text; nobody types them.
        return self.cleaned_data["q"].replace("\x00", "")


def search_pages(query):
    """Live, public pages of every type containing every word of `query`; title matches first."""
    words = words_of(query)
    if not words:
        return Page.objects.none()
    matching_ids = Q()
    for model in searched_page_types():
        matching_ids |= Q(pk__in=with_every_word(model.objects.live().public(), query).values("pk"))
    title_match = Q()
    for word in words:
        title_match &= word_matches(Page, (), word)
    return (
        Page.objects.filter(matching_ids)
        .annotate(in_title=Case(When(title_match, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("in_title", "path")
    )
