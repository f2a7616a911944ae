"""The "Copy content from" buttons of wagtail-modeltranslation, held to what they can do.

The package's editor script puts the buttons above the page editor's StreamFields and posts to
`pages/<id>/edit/copy_translation_content/`, which renders one language's blocks into another language's
field; the editor adjusts them and saves as usual. Translators use it to start from the English blocks
(their ids stay the same, which the translation records and the XLIFF exchange follow).

The package's own view trusted its input: a GET, a missing or unknown field, broken JSON or an inline
panel's button (the script puts buttons there too) was a 500, and any admin user could ask for any page.
`copy_translation_content` serves the same address with checks first (see `wagtail_hooks`), and the
editor script `inducult/js/copy-content-buttons.js` removes the buttons from panels that are not a
translated StreamField.
"""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from modeltranslation.fields import TranslationField
from wagtail.fields import StreamField
from wagtail.models import Page

# What a StreamField widget raises on form data it cannot read (a missing count or block type, a count
# that is not a number, rich text that is not JSON): the request is bad, not the server.
UNREADABLE_BLOCK_DATA = (KeyError, ValueError, TypeError)


def translated_stream_fields(model):
    """{column: field} of a page model's translated StreamFields, one column per language (`body_de`)."""
    return {
        field.name: field
        for field in model._meta.get_fields()
        if isinstance(field, TranslationField) and isinstance(field, StreamField)
    }


class CopyRequestForm(forms.Form):
    """What the package's script posts: the two columns and the origin field's form data as JSON."""

    origin_field_name = forms.CharField(max_length=200)
    target_field_name = forms.CharField(max_length=200)
    serializedOriginField = forms.CharField()  # the script's name for it

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = translated_stream_fields(type(page))

    def clean(self):
        cleaned = super().clean()
        origin, target = cleaned.get("origin_field_name"), cleaned.get("target_field_name")
        if origin is None or target is None:
            return cleaned
        if origin not in self.columns or target not in self.columns:
            raise forms.ValidationError(_("Only a translated StreamField of this page can be copied."))
        if origin == target or self.columns[origin].translated_field != self.columns[target].translated_field:
            raise forms.ValidationError(_("Content can only be copied between two languages of the same field."))
        return cleaned

    def clean_serializedOriginField(self):  # noqa: N802 - named after the field the script posts
        try:
            items = json.loads(self.cleaned_data["serializedOriginField"])
        except ValueError:
            raise forms.ValidationError(_("The field's content could not be read.")) from None
        if not isinstance(items, list) or not all(
            isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("value"), str) for item in items
        ):
            raise forms.ValidationError(_("The field's content could not be read."))
        return items

    def target_data(self):
        """The origin field's form data under the target field's names. The script sends every form value
        whose name merely contains the origin's (`search_description_en` for `description_en`): those are
        not the field's and are left out."""
        origin, target = self.cleaned_data["origin_field_name"], self.cleaned_data["target_field_name"]
        data = QueryDict("", mutable=True)
        for item in self.cleaned_data["serializedOriginField"]:
            if item["name"].startswith(f"{origin}-"):
                data[target + item["name"][len(origin) :]] = item["value"]
        return data


@csrf_exempt
@require_POST
def copy_translation_content(request, page_id):
    """The target field's editor, filled with the origin field's blocks, as JSON-encoded HTML.

    It saves nothing. It is exempt from the CSRF check because the package's script reads the token from
    the CSRF cookie, which is HttpOnly here; a request from another site cannot use it anyway: the
    session cookie is SameSite=Lax (a cross-site POST arrives signed out), and the X-Requested-With
    header it requires is not sent across sites without a CORS preflight, which this site never grants.
    """
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.headers.get("X-Requested-With") != "XMLHttpRequest":
        return HttpResponseBadRequest(gettext("Only the page editor's copy buttons use this address."))
    form = CopyRequestForm(request.POST, page=page)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(str(error) for errors in form.errors.values() for error in errors))
    target = form.cleaned_data["target_field_name"]
    field = form.columns[target]
    try:
        value = field.stream_block.value_from_datadict(form.target_data(), {}, target)
    except UNREADABLE_BLOCK_DATA:
        return HttpResponseBadRequest(gettext("The field's content could not be read."))
    return JsonResponse(field.formfield().widget.render(target, value), safe=False)
