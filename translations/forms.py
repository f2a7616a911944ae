"""Forms: the translator guard on every page form, the overview's filters, the import upload."""

import copy
import functools

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from core import stream_translation as streams
from translations import units as u
from translations.roles import translation_restriction

MAX_IMPORT_SIZE = 5 * 1024 * 1024


class TranslatorGuardMixin:
    """Holds a translator to their language's fields, on the server.

    For a user who edits a page only through a translators' group (see services.translation_restriction),
    every other field of the form and of its inline children is disabled: Django then ignores whatever
    is posted for it and keeps the page's own value, whatever the browser sends. A post that tries to
    change such a field anyway (or to add or delete inline children) is refused with a form error that
    names the fields, so nothing is saved and nothing is changed behind the translator's back.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.translator_languages = None
        self.locked_fields = []
        self.english_streams = {}
        user = getattr(self, "for_user", None)
        if user is None or not self.instance.pk:
            return
        restriction = translation_restriction(user, self.instance)
        if restriction is None:
            return
        self.translator_languages = sorted(restriction)
        allowed, allowed_children = set(), {}
        for language in restriction:
            page_names, child_names = u.editable_field_names(type(self.instance), language)
            allowed |= page_names
            for relation, names in child_names.items():
                allowed_children.setdefault(relation, set()).update(names)
        for name, field in self.fields.items():
            if name not in allowed and name != "comment_notifications":
                field.disabled = True
                self.locked_fields.append(name)
        self._follow_english_structure(restriction)
        for relation, formset in self.formsets.items():
            if relation == "comments":
                continue
            for form in formset.forms:
                for name, field in form.fields.items():
                    # The child's id stays enabled: browsers do not send disabled fields, and the formset needs
                    # it to find the child. It can only name one of this page's own children anyway.
                    if name not in allowed_children.get(relation, ()) and name != formset.model._meta.pk.name:
                        field.disabled = True

    def _follow_english_structure(self, languages):
        """A translator's StreamFields open with the English blocks to fill (their translated texts in place,
        empty where untranslated); what they post is validated and stored in English structure."""
        self.english_streams = {}
        for spec in u.field_specs(type(self.instance)):
            if spec.kind != u.STREAM or spec.relation:
                continue
            english = getattr(self.instance, spec.column(u.SOURCE_LANGUAGE))
            for language in languages:
                name = spec.column(language)
                if name not in self.fields:
                    continue
                self.english_streams[name] = (spec.stream_block, english)
                field = self.fields[name]
                field.clean = functools.partial(_clean_translated_stream, field, spec.stream_block, english)
                if not self.is_bound:
                    aligned = streams.for_translators(spec.stream_block, english, getattr(self.instance, name))
                    self.initial[name] = spec.stream_block.to_python(aligned)

    def _widget_data_value(self, widget, html_name):
        # A locked StreamField's widget cannot read a post that leaves it out; its data is ignored anyway.
        try:
            return super()._widget_data_value(widget, html_name)
        except (KeyError, ValueError, TypeError):
            if getattr(self, "translator_languages", None) is not None and html_name in self.locked_fields:
                return None
            raise

    def clean(self):
        cleaned_data = super().clean()
        if self.translator_languages is None:
            return cleaned_data
        attempted = self._attempted_changes()
        if attempted:
            self.add_error(
                None,
                ValidationError(
                    _(
                        "As a translator you may change only the %(languages)s fields. Nothing was saved, because "
                        "the form also changed: %(fields)s."
                    )
                    % {
                        "languages": get_text_list([str(u.language_name(code)) for code in self.translator_languages], _("and")),
                        "fields": "; ".join(str(name) for name in attempted),
                    }
                ),
            )
        # Not writing the locked fields at all keeps their stored values exactly as they were.
        for name in self.locked_fields:
            cleaned_data.pop(name, None)
        return cleaned_data

    def _attempted_changes(self):
        kinds = _column_kinds(type(self.instance))
        attempted = [
            self._label(name) for name in self.locked_fields if self._field_changed(self, name, self.fields[name], kinds)
        ]
        for relation, formset in self.formsets.items():
            if relation == "comments":
                continue
            plural = formset.model._meta.verbose_name_plural
            child_kinds = {}
            # The page's own children, each posted once: a post that names another child (or none) would
            # replace or remove one of them.
            existing = {child.pk for child in formset.get_queryset()}
            posted = [form.instance.pk for form in formset.forms[: formset.initial_form_count()]]
            if set(posted) != existing or len(posted) != len(existing):
                attempted.append(_("removed or replaced %(items)s") % {"items": plural})
            for index, form in enumerate(formset.forms):
                if index >= formset.initial_form_count():
                    if any(form.add_prefix(name) in self.data and self.data.get(form.add_prefix(name)) for name in form.fields):
                        attempted.append(_("new %(items)s") % {"items": plural})
                    continue
                for name, field in form.fields.items():
                    if field.disabled and name not in ("id",) and self._field_changed(form, name, field, child_kinds):
                        attempted.append(f"{plural} {index + 1}: {field.label or name}")
        return attempted

    def _label(self, name):
        return self.fields[name].label or name

    @staticmethod
    def _field_changed(form, name, field, kinds):
        """Whether a post sends a value for a locked field that says something else than the stored one."""
        key = form.add_prefix(name)
        kind = kinds.get(name)
        if kind == u.STREAM:
            posted = f"{key}-count" in form.data
        else:
            posted = key in form.data
        if not posted:
            return False
        initial = form.get_initial_for_field(field, name)
        try:
            data = field.widget.value_from_datadict(form.data, form.files, key)
            if kind is not None:
                spec = kinds.spec(name)
                return u.meaning(spec, u.raw_value(spec, initial)) != u.meaning(spec, u.raw_value(spec, data))
            enabled = copy.copy(field)
            enabled.disabled = False
            return enabled.has_changed(initial, data)
        except Exception:  # noqa: BLE001 - a post that cannot even be read is an attempt to change the field
            return True


def _clean_translated_stream(field, stream_block, english, value):
    """A translator's StreamField as it is stored: blocks, order, links, dates and images from English, the
    texts from the post; blocks whose texts were all left empty stay untranslated (left out).

    It is validated as a whole, with English in the texts left empty, so that each block checks what it
    will show (an agenda's slots keep their English audiences, so parallel slots stay parallel) and every
    error points at the block the translator sees, in the same place as in the English structure.
    """
    posted = streams.raw_stream(value)
    translated_ids = {
        child.get("id") for child, aligned in streams.aligned_blocks(stream_block, english, posted) if aligned.is_translated
    }
    complete = [
        {"type": child["type"], "value": aligned.value, "id": child.get("id")}
        for child, aligned in streams.aligned_blocks(stream_block, english, posted)
    ]
    cleaned = type(field).clean(field, stream_block.to_python(complete))
    kept = [child for child in streams.raw_stream(cleaned) if child.get("id") in translated_ids]
    return stream_block.to_python(kept)


class _ColumnKinds(dict):
    """{form field name: kind} of a page type's translated columns, with the spec to read them."""

    def __init__(self, specs):
        super().__init__()
        self._specs = {}
        for spec in specs:
            for code, _name in settings.LANGUAGES:
                self[spec.column(code)] = spec.kind
                self._specs[spec.column(code)] = spec

    def spec(self, name):
        return self._specs[name]


def _column_kinds(model):
    return _ColumnKinds(spec for spec in u.field_specs(model) if not spec.relation)


# The overview's filters and the import ---------------------------------------------------------------


class OverviewFilterForm(forms.Form):
    """The translations overview's filters; unknown values are form errors, never server errors."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    page_type = forms.ChoiceField(label=_("Page type"), required=False)
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    to_do = forms.BooleanField(label=_("Only pages with something to do"), required=False)

    def __init__(self, *args, page_types, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages"))] + [
            (code, u.language_name(code)) for code in u.target_languages()
        ]
        self.fields["page_type"].choices = [("", _("All page types"))] + [
            (f"{model._meta.app_label}.{model._meta.model_name}", model._meta.verbose_name) for model in page_types
        ]
        self.fields["partner"].choices = [("", _("All partners"))] + [
            (str(partner.pk), partner.display_name) for partner in partners
        ]


class ExportForm(forms.Form):
    """What to export: one language, the whole site or one page."""

    language = forms.ChoiceField(label=_("Language to export"), help_text=_("The language to translate into."))
    page = forms.IntegerField(
        label=_("Page"), required=False, widget=forms.HiddenInput, help_text=_("Only this page; empty for the whole site.")
    )

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(code, u.language_name(code)) for code in languages]


class ImportForm(forms.Form):
    """An XLIFF file with translations, as exported from the overview."""

    file = forms.FileField(
        label=_("XLIFF file"),
        help_text=_("A file exported from this overview (XLIFF 1.2), with the translations filled in. At most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_SIZE:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload
