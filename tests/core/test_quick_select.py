"""The listings' filter selects are written in Python (core.listing.QuickSelect): the same HTML as Django's."""

import re

import pytest
from django import forms

from core.listing import QuickSelect

CHOICES = [("", "All kinds"), ("academic", 'Academic <&> "institution"'), ("region", "Region"), (2019, "2019")]


class KindForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", required=False, choices=CHOICES)


def written(form):
    return re.sub(r">\s+<", "><", str(form["kind"])).strip()


@pytest.mark.parametrize(
    "data", [None, {}, {"kind": "academic"}, {"kind": "2019"}, {"kind": "castle"}, {"kind": '"><script>alert(1)</script>'}]
)
def test_quick_select_writes_what_djangos_select_writes(data):
    django_form, quick_form = KindForm(data), KindForm(data)
    quick_form.fields["kind"].widget = QuickSelect(choices=quick_form.fields["kind"].choices)
    if data is not None:
        assert django_form.is_valid() == quick_form.is_valid()
    assert written(quick_form) == written(django_form)
    assert "<script>" not in written(quick_form)


def test_option_groups_are_left_to_django():
    grouped = [("Countries", [("AT", "Austria"), ("CZ", "Czechia")])]
    assert QuickSelect(choices=grouped).render("country", "CZ") == forms.Select(choices=grouped).render("country", "CZ")


def test_boolean_attributes_are_written_as_django_writes_them():
    attrs = {"disabled": True, "data-hidden": False, "class": "wide"}
    quick = QuickSelect(attrs=attrs, choices=CHOICES).render("kind", "region", attrs={"id": "id_kind"})
    django = forms.Select(attrs=attrs, choices=CHOICES).render("kind", "region", attrs={"id": "id_kind"})
    assert re.sub(r">\s+<", "><", quick) == re.sub(r">\s+<", "><", django)
