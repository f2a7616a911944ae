"""Site search: every page type, in the visitor's language with English where a field is not translated."""

from django import forms
from django.apps import apps
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from inducult.languages import SOURCE_LANGUAGE

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
RESULTS_PER_PAGE = 10

# The text a visitor would search for, per page type (`title` is searched on every page). Rich text is
# searched as stored (HTML), StreamFields are not: their JSON would match block names.
SEARCHED_FIELDS = {
    "inducult.HomePage": ("subtitle", "nutshell"),
    "inducult.StandardPage": ("intro",),
    "inducult.WorkPackageIndexPage": ("intro",),
    "inducult.WorkPackagePage": ("code", "summary", "objectives"),
    "partners.PartnerIndexPage": ("intro",),
    "partners.PartnerPage": ("short_name", "town"),
    "events.EventIndexPage": ("intro",),
    "events.EventPage": ("summary",),
    "publications.PublicationIndexPage": ("intro",),
    "publications.PublicationPage": ("abstract", "authors", "output_code"),
}


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
    for label, fields in SEARCHED_FIELDS.items():
        model = apps.get_model(label)
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
