"""What a browser posts from a page's admin edit form, derived from the form itself.

`edit_form_data(page, user)` builds the page type's real admin form for `user` (as the edit view does: from
the latest revision, with the fields that user may not change disabled), and returns the data a browser
sends when that form is submitted unchanged: every enabled field in its widget's format, inline children as
formsets with their management forms, StreamFields as Wagtail's block widgets post them. Disabled fields are
left out, as browsers leave them out. Overrides replace a field, or a whole formset or StreamField, given in
the nested form of `wagtail.test.utils.form_data` (`streamfield(...)`, `inline_formset(...)`, `rich_text(...)`).

No page type has a hand-written builder: a new field, panel or page type is covered without an edit here.
"""

from django import forms
from django.conf import settings
from wagtail import blocks
from wagtail.blocks.base import BlockField
from wagtail.blocks.field_block import ChooserBlock
from wagtail.test.utils.form_data import nested_form_data, streamfield

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def edit_form(page, user=None):
    """The unbound admin edit form of `page` (its latest revision) as `user` gets it."""
    page = page.specific.get_latest_revision_as_object()
    form_class = type(page).get_edit_handler().get_form_class()
    return form_class(instance=page, parent_page=page.get_parent(), for_user=user)


def edit_form_data(page, user=None, **overrides):
    """The post of `page`'s edit form as `user` would submit it, with `overrides` (nested form data)."""
    form = edit_form(page, user)
    data = form_data(form)
    for formset in form.formsets.values():
        data.update(formset_data(formset))
    for name, value in overrides.items():
        data = {key: item for key, item in data.items() if key != name and not key.startswith(f"{name}-")}
        data.update(nested_form_data({name: value}))
    return data


def form_data(form):
    """The enabled fields of an unbound form, as its widgets would post their initial values."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        bound = form[name]
        value = bound.value()
        if isinstance(field, BlockField):  # a StreamField
            data.update(stream_data(field.block, value, bound.html_name))
        else:
            data.update(field_data(field.widget, value, bound.html_name))
    return data


def formset_data(formset):
    """An inline formset's management form and its forms' fields."""
    management = formset.management_form
    data = {management[name].html_name: management[name].value() for name in management.fields}
    for form in formset.forms:
        data.update(form_data(form))
    return data


def field_data(widget, value, name):
    """One form field's post, in the format its widget reads back."""
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(widget, (forms.SelectMultiple, forms.CheckboxSelectMultiple)):
        return {name: [str(getattr(item, "pk", item)) for item in value or []]}
    if isinstance(widget, forms.Select):
        return {name: "" if value is None else str(getattr(value, "pk", value))}
    if hasattr(widget, "model_class") or hasattr(widget, "target_model"):  # Wagtail's choosers: the chosen id
        return {name: "" if value in (None, "") else str(getattr(value, "pk", value))}
    formatted = widget.format_value(value)
    return {name: "" if formatted is None else formatted}


def stream_data(block, value, prefix):
    """A block's post under `prefix`, as Wagtail's block widgets send it (recursively)."""
    if isinstance(block, blocks.StreamBlock):
        children = list(value) if value is not None else []
        data = {f"{prefix}-count": str(len(children))}
        for index, child in enumerate(children):
            data |= _child_keys(prefix, index, child.id) | {f"{prefix}-{index}-type": child.block_type}
            data |= stream_data(child.block, child.value, f"{prefix}-{index}-value")
        return data
    if isinstance(block, blocks.ListBlock):
        items = list(value.bound_blocks) if value is not None else []
        data = {f"{prefix}-count": str(len(items))}
        for index, item in enumerate(items):
            data |= _child_keys(prefix, index, item.id)
            data |= stream_data(block.child_block, item.value, f"{prefix}-{index}-value")
        return data
    if isinstance(block, blocks.StructBlock):
        data = {}
        for name, child_block in block.child_blocks.items():
            data |= stream_data(child_block, (value or {}).get(name), f"{prefix}-{name}")
        return data
    if isinstance(block, blocks.StaticBlock):
        return {}
    if isinstance(block, ChooserBlock):
        return {prefix: "" if value in (None, "") else str(getattr(value, "pk", value))}
    return field_data(block.field.widget, block.field.prepare_value(block.value_for_form(value)), prefix)


def _child_keys(prefix, index, block_id):
    """What a stream or list child posts besides its value: not deleted, its position, its id."""
    return {f"{prefix}-{index}-deleted": "", f"{prefix}-{index}-order": str(index), f"{prefix}-{index}-id": block_id or ""}


def list_block(items):
    """A ListBlock's post in nested form data: a count and one numbered entry per item."""
    return {
        "count": len(items),
        **{str(index): {"deleted": "", "order": str(index), "id": "", "value": item} for index, item in enumerate(items)},
    }


def translated_values(page, *fields):
    """`field_<code>` for every language, as stored on `page` (nested form data for overrides)."""
    return {f"{field}_{code}": getattr(page, f"{field}_{code}") or "" for field in fields for code in LANGUAGE_CODES}


def empty_streams(*fields):
    """Every language's StreamField `field` emptied (nested form data for overrides)."""
    return {f"{field}_{code}": streamfield([]) for field in fields for code in LANGUAGE_CODES}
