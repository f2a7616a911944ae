"""Publishing a translation.

**Translators publish their own language directly** ("Publish translation"), because the server holds them
to their language's fields: they cannot change what the English text, the structure or any other language
says, so a review by the communication managers would review nothing else. Two exceptions keep other
people's work safe: a page that is not live stays a draft (it goes live when its editors publish it), and a
page whose latest revision holds someone else's unpublished changes stays a draft too, so a translator never
publishes a coordinator's change that still waits for approval.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from modelcluster.models import get_all_child_relations
from modeltranslation.translator import NotRegistered, translator
from wagtail.fields import StreamField
from wagtail.models import Page

from core.stream_translation import raw_stream
from translations import units as u

_NOT_CONTENT = {
    "pk", "path", "depth", "numchild", "translation_key", "locale", "latest_revision", "live", "has_unpublished_changes",
    "first_published_at", "last_published_at", "live_revision", "expired", "locked", "locked_at", "locked_by",
    "draft_title", "content_type", "owner", "latest_revision_created_at", "alias_of", "wagtail_admin_comments",
}  # fmt: skip


def _comparable(model, content, languages):
    """A page's content without bookkeeping, the given languages' translations and language-less mirrors."""
    try:
        translated = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        translated = set()
    skip = set(_NOT_CONTENT) | translated | {f"url_path_{code}" for code, _name in u.settings.LANGUAGES}
    skip |= {f"{name}_{code}" for name in translated for code in languages}
    streams = {f.name for f in model._meta.get_fields() if isinstance(f, StreamField)}
    result = {}
    for key, value in content.items():
        if key in skip:
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            child_skip = {f"{name}_{code}" for name in _child_translated(model, key) for code in languages}
            child_skip |= set(_child_translated(model, key))
            # The list is in the children's order already; a child saved in code has no sort_order yet.
            child_skip.add("sort_order")
            value = [{k: v for k, v in child.items() if k not in child_skip} for child in value]
        elif isinstance(value, list) and all(isinstance(item, int | str) for item in value):
            value = sorted(value, key=str)  # many-to-many ids, in no particular order
        elif key in streams:  # the language columns are StreamFields too
            # Read through the blocks: a block stored before a child was added lacks the key a re-save writes.
            value = u.stream_meaning(model._meta.get_field(key).stream_block, raw_stream(value))
        result[key] = value
    return result


def _child_translated(model, relation):
    for rel in get_all_child_relations(model):
        if rel.get_accessor_name() == relation:
            try:
                return tuple(translator.get_options_for_model(rel.related_model).all_fields)
            except NotRegistered:
                return ()
    return ()


def other_unpublished_changes(page, languages):
    """Whether the page's latest revision differs from its live version in anything but these languages."""
    page = page.specific
    if not page.live or page.latest_revision is None:
        return not page.live
    model = type(page)
    # Revisions store their content as JSON: dates, times and decimals as text, as the live version must be too.
    live_content = json.loads(json.dumps(u.page_content(type(page).objects.get(pk=page.pk)), cls=DjangoJSONEncoder))
    return _comparable(model, live_content, languages) != _comparable(model, page.latest_revision.content, languages)


def publish_translation(*, page, languages, user=None):
    """Publish a page's latest revision if only these languages' translations wait in it.

    Returns (published, reason): reason says why the revision stays a draft.
    """
    page = Page.objects.get(pk=page.pk).specific
    if not page.live:
        return False, _("The page is not live yet: the translation is saved and goes live when the page is published.")
    if other_unpublished_changes(page, languages):
        return False, _(
            "The page has other unpublished changes that wait for their editors: the translation is saved as a "
            "draft and goes live when they publish."
        )
    revision = page.latest_revision
    revision.publish(user=user, changed=True, log_action=True, skip_permission_checks=True)
    return True, ""
