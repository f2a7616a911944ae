"""Which language a page and its fields are shown in: the visitor's where translated, English otherwise."""

import functools

from django.conf import settings
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.fields import StreamField

from core import stream_translation

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def is_empty(value):
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return len(value) == 0
    except TypeError:
        return False


def page_languages(page):
    """The languages a page exists in: English, its source, and each language its title is translated into."""
    return [
        code
        for code, _name in settings.LANGUAGES
        if code == SOURCE_LANGUAGE or not is_empty(getattr(page, build_localized_fieldname("title", code), None))
    ]


def shown_language(obj, field, language=None):
    """The language `obj.field` appears in for `language` (the active one): English when it falls back."""
    language = language or translation.get_language() or SOURCE_LANGUAGE
    if language == SOURCE_LANGUAGE:
        return language
    localized = getattr(obj, build_localized_fieldname(field, language), None)
    if is_empty(localized) and not is_empty(getattr(obj, build_localized_fieldname(field, SOURCE_LANGUAGE), None)):
        return SOURCE_LANGUAGE
    return language


def fallen_back_fields(obj, *fields):
    """Those of `fields` that show English text because the active language has none.

    A StreamField falls back block by block (stream_translation): it counts when any of its blocks does.
    """
    language = translation.get_language() or SOURCE_LANGUAGE
    if language == SOURCE_LANGUAGE:
        return []
    fallen = []
    for field in fields:
        if isinstance(obj._meta.get_field(field), StreamField):
            if stream_translation.falls_back(obj, field, language):
                fallen.append(field)
        elif shown_language(obj, field, language) != language:
            fallen.append(field)
    return fallen


def in_source_language(method):
    """Run a page method with the source language active, whatever language the editor's admin uses.

    modeltranslation writes a page's language-less columns (`title`, `slug`, `url_path`) from the active
    language, and Wagtail copies `title` into `draft_title`, the title the admin shows everybody: a save by
    a German-speaking translator would otherwise rename the page to its German title for everyone.
    """

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with translation.override(SOURCE_LANGUAGE):
            return method(*args, **kwargs)

    return wrapper


def text_in(obj, field, language):
    """(text, language of the text) of `obj.field` for a visitor in `language`: English where it has none."""
    shown = shown_language(obj, field, language)
    value = getattr(obj, build_localized_fieldname(field, shown), None)
    return ("" if is_empty(value) else str(value)), shown
