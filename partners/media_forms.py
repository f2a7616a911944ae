"""The page forms' check that every image and document an editor chooses is one they may use."""

import functools

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text.editors.draftail import DraftailRichTextArea
from wagtail.blocks import BlockField, StreamValue, StructBlock
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField
from wagtail.rich_text import extract_references_from_rich_text

from partners.media_access import is_media_model, usable

CHOICE_REFUSED = {
    "image": _("Choose an image from your partner's collection or from the “Common” collection: you may not use this one."),
    "document": _("Choose a document from your partner's collection or from the “Common” collection: you may not use this one."),
}
BLOCK_REFUSED = _(
    "This block uses an image or document that is not in your partner's collection or in the “Common” collection. "
    "Choose another one."
)
TEXT_REFUSED = _(
    "This text links to a document or shows an image that is not in your partner's collection or in the “Common” "
    "collection. Choose another one, or remove the link."
)


class MediaChoiceGuardMixin:
    """Refuses, with a form error, a page form that names an image or document the editor may not use.

    The choosers offer an editor only the images and documents they may choose (partners.media_access), but a
    post can name any id: in a chooser field (a publication's cover image, a partner's logo, a publication
    file's document), in a StreamField's image or document block, or in a rich text's document link. Each must
    be one the editor may use, or one the page already has: a communication manager may have chosen it, and
    keeping it takes nothing from anyone. The rule holds for the page's own fields and its inline children.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None:
            return
        guard_fields(self, user)
        for formset in getattr(self, "formsets", {}).values():
            for form in formset.forms:
                guard_fields(form, user)


def guard_fields(form, user):
    """Hold each image and document field of a form (chooser, StreamField, rich text) to what the user may use."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and is_media_model(field.queryset.model):
            _restrict_choices(form, name, field, user)
        elif isinstance(field, BlockField) or _is_rich_text(model, name, field):
            field.clean = functools.partial(_clean_references, field.clean, form, name, user)


def _restrict_choices(form, name, field, user):
    media_model = field.queryset.model
    initial = form.get_initial_for_field(field, name)
    kept = [_pk(value) for value in (initial if isinstance(initial, list | tuple) else [initial]) if value]
    field.queryset = usable(user, media_model) | media_model._default_manager.filter(pk__in=kept)
    kind = "document" if issubclass(media_model, get_document_model()) else "image"
    field.error_messages = {**field.error_messages, "invalid_choice": CHOICE_REFUSED[kind]}


def _pk(value):
    return getattr(value, "pk", value)


def _is_rich_text(model, name, field):
    if isinstance(field.widget, DraftailRichTextArea):
        return True
    try:
        return isinstance(model._meta.get_field(name), RichTextField)
    except (AttributeError, FieldDoesNotExist):
        return False


def _clean_references(clean, form, name, user, value):
    cleaned = clean(value)
    initial = form.get_initial_for_field(form.fields[name], name)
    kept = set(_media_references(initial))
    if isinstance(cleaned, StreamValue):
        errors = {}
        for index, child in enumerate(cleaned):
            references = list(child.block.extract_references(child.value))
            refused = _refused(user, {(model, object_id) for model, object_id, _path, _content in references}, kept)
            if refused:
                errors[index] = _block_error(child.block, references, refused)
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
    elif isinstance(cleaned, str) and _refused(user, set(_media_references(cleaned)), kept):
        raise ValidationError(TEXT_REFUSED, code="media_not_usable")
    return cleaned


def _media_references(value):
    """The (model, id) pairs of the images and documents a stream or rich text value refers to."""
    if isinstance(value, StreamValue):
        references = value.stream_block.extract_references(value)
    elif isinstance(value, str) and value:
        references = extract_references_from_rich_text(value)
    else:
        return
    for model, object_id, _path, _content in references:
        if is_media_model(model):
            yield model, str(object_id)


def _refused(user, references, kept):
    """The references among `references` to images or documents the user may not use and the page did not have."""
    by_model = {}
    for model, object_id in references:
        if is_media_model(model) and (model, str(object_id)) not in kept:
            by_model.setdefault(model, set()).add(str(object_id))
    refused = set()
    for model, ids in by_model.items():
        numeric = {int(object_id) for object_id in ids if object_id.isdigit()}
        allowed = {str(pk) for pk in usable(user, model).filter(pk__in=numeric).values_list("pk", flat=True)}
        refused |= {(model, object_id) for object_id in ids - allowed}
    return refused


def _block_error(block, references, refused):
    # Point at the child of a struct block (an image block's image) where there is one.
    if isinstance(block, StructBlock):
        names = {path.split(".")[0] for model, object_id, path, _content in references if (model, str(object_id)) in refused}
        if len(names) == 1 and (name := names.pop()) in block.child_blocks:
            return StructBlockValidationError(block_errors={name: ValidationError(BLOCK_REFUSED)})
    return ValidationError(BLOCK_REFUSED)
