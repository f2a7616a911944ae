"""The admin form of every page type (SitePage.base_form_class)."""

import re

from django.core.exceptions import SuspiciousOperation
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import get_page_models

# An inline child's id: a BigAutoField's positive value.
CHILD_ID = re.compile(r"[0-9]{1,19}")
LARGEST_ID = 2**63 - 1


class SitePageForm(WagtailAdminPageForm):
    """Wagtail's page form, refusing a post whose inline children's ids are not row ids.

    modelcluster raised on such an id while building the form (a server error); a forged post is a Bad
    Request (400) instead.
    """

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            check_child_ids(data, getattr(self._meta, "formsets", None) or {})
        super().__init__(data, *args, **kwargs)


def check_child_ids(data, relations):
    """Raise SuspiciousOperation if an inline child's id (`<relation>-<n>-id`) is neither empty nor a row id."""
    for relation in relations:
        pattern = re.compile(rf"^{re.escape(relation)}-\d+-id$")
        for key in data:
            if not pattern.match(key):
                continue
            for value in data.getlist(key) if hasattr(data, "getlist") else [data[key]]:
                if value in ("", None):
                    continue
                if not CHILD_ID.fullmatch(str(value)) or not 0 < int(value) <= LARGEST_ID:
                    raise SuspiciousOperation(f"Inline child id {key}={value!r} is not a row id.")


def add_to_page_forms(mixin):
    """Put `mixin` in front of the admin form class of every page type (a feature app's check on every page
    form, such as the translators' guard), once.

    Called from an app's `ready()`: wagtail-modeltranslation replaces each page type's form class with its own
    subclass in its `ready()`, which runs first, so a class set on the models before that would be replaced;
    the edit handlers, which cache the form class, are rebuilt.
    """
    for model in get_page_models():
        base = model.base_form_class or WagtailAdminPageForm
        if issubclass(base, mixin):
            continue
        model.base_form_class = type(base)(base.__name__, (mixin, base), {"__module__": base.__module__})
        model.get_edit_handler.cache_clear()
