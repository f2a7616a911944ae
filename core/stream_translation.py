"""A StreamField's translation follows the English structure.

English is the source: the blocks, their order, and everything in them that is not text (links, video
addresses, dates, images, choices) come from the English stream. A translation contributes only text. Its
blocks are matched to the English ones by block id (translations made in the admin or by import carry the
English ids), or, for a translation that shares no ids with English (written independently), by position
and block type. A block the translation does not cover shows in English, marked as such.

The same matching serves the visitors' pages (a German visitor sees every English block, translated where
a translation exists), the translators' editor (which opens with the English structure to fill) and the
translation records (each top-level block's text is one text to translate).
"""

import copy
import json
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from wagtail import blocks
from wagtail.blocks import StreamValue

from core.rich_text import rich_text_words

TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.RichTextBlock)

# What an untranslated text leaf becomes in an aligned value.
ENGLISH, EMPTY = "english", "empty"


def raw_stream(value):
    """A StreamField value in the form revisions store it: a list of {"type", "value", "id"} dicts."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    if isinstance(value, list):
        return value
    if hasattr(value, "get_prep_value"):  # a StreamValue
        return list(value.get_prep_value())
    return []


def text_of(block, raw):
    """The words of a text leaf, whitespace collapsed; rich text without its markup."""
    if not isinstance(raw, str):
        return ""
    if isinstance(block, blocks.RichTextBlock):
        return rich_text_words(raw)
    return " ".join(raw.split())


@dataclass
class Aligned:
    """A value with the English structure and the translation's texts, and how many texts were translated."""

    value: object
    translated: int = 0
    total: int = 0

    @property
    def is_translated(self):
        return self.translated > 0


def _items(raw):
    """A ListBlock's items as (id or None, value, is_new_format)."""
    for item in raw or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            yield item.get("id"), item["value"], True
        else:
            yield None, item, False


def _pair(english_ids, english_types, translated):
    """For each English position, the translated entry it matches: by id when the translation shares ids
    with English, else by position where the block type is the same."""
    translated = list(translated)
    by_id = {ident: entry for ident, kind, entry in translated if ident}
    if any(ident in by_id for ident in english_ids if ident):
        return [by_id.get(ident) if ident else None for ident in english_ids]
    paired = []
    for index, kind in enumerate(english_types):
        entry = translated[index] if index < len(translated) else None
        paired.append(entry[2] if entry is not None and entry[1] == kind else None)
    return paired


def align(block, english, translated, *, untranslated=ENGLISH):
    """The English value of `block` with the translation's texts in place, as an Aligned.

    `untranslated` says what a text leaf without translation holds: the English text, or nothing (for the
    translators' editor, which shows the English beside it).
    """
    if isinstance(block, blocks.StreamBlock):
        return _align_stream(block, raw_stream(english), raw_stream(translated), untranslated)
    if isinstance(block, blocks.StructBlock):
        english = english if isinstance(english, dict) else {}
        translated = translated if isinstance(translated, dict) else {}
        result, value = Aligned({}), {}
        for name, child in block.child_blocks.items():
            part = align(child, english.get(name), translated.get(name), untranslated=untranslated)
            value[name] = part.value
            result.translated += part.translated
            result.total += part.total
        # Keys the block no longer defines stay as English has them.
        result.value = {**english, **value}
        return result
    if isinstance(block, blocks.ListBlock):
        english_items = list(_items(english if isinstance(english, list) else []))
        translated_list = translated if isinstance(translated, list) else []
        translated_items = [(ident, "item", value) for ident, value, _new in _items(translated_list)]
        partners = _pair([ident for ident, _value, _new in english_items], ["item"] * len(english_items), translated_items)
        result, values = Aligned([]), []
        for (ident, value, new_format), partner in zip(english_items, partners, strict=True):
            part = align(block.child_block, value, partner, untranslated=untranslated)
            values.append({"type": "item", "value": part.value, "id": ident} if new_format else part.value)
            result.translated += part.translated
            result.total += part.total
        result.value = values
        return result
    if isinstance(block, TEXT_BLOCKS):
        if not text_of(block, english):
            return Aligned(english if english is not None else "")
        if text_of(block, translated):
            return Aligned(translated, translated=1, total=1)
        return Aligned(english if untranslated == ENGLISH else "", translated=0, total=1)
    return Aligned(copy.deepcopy(english))


def top_level(stream_block, value):
    """A stream's top-level blocks as raw dicts, those of unknown types left out."""
    return [child for child in raw_stream(value) if isinstance(child, dict) and child.get("type") in stream_block.child_blocks]


def _align_stream(block, english, translated, untranslated):
    children = top_level(block, english)
    partners = pair_top_level(block, children, translated)
    result, values = Aligned([]), []
    for child, partner in zip(children, partners, strict=True):
        part = align(
            block.child_blocks[child["type"]],
            child.get("value"),
            partner.get("value") if partner else None,
            untranslated=untranslated,
        )
        values.append({"type": child["type"], "value": part.value, "id": child.get("id")})
        result.translated += part.translated
        result.total += part.total
    result.value = values
    return result


def pair_top_level(stream_block, english, translated):
    """For each English top-level block (raw dicts), the translated raw block it matches, or None."""
    translated = top_level(stream_block, translated)
    return _pair(
        [child.get("id") for child in english],
        [child.get("type") for child in english],
        [(child.get("id"), child.get("type"), child) for child in translated],
    )


def aligned_blocks(stream_block, english, translated):
    """[(English raw block, Aligned)] for each top-level English block: its translation with English
    structure and non-text values, untranslated texts in English."""
    english = top_level(stream_block, english)
    result = []
    for child, partner in zip(english, pair_top_level(stream_block, english, translated), strict=True):
        aligned = align(stream_block.child_blocks[child["type"]], child.get("value"), partner.get("value") if partner else None)
        result.append((child, aligned))
    return result


def for_translators(stream_block, english, translated):
    """The stream a translator edits: English structure, the translation's texts, empty where untranslated."""
    return _align_stream(stream_block, raw_stream(english), raw_stream(translated), EMPTY).value


def from_translators(stream_block, english, posted):
    """What a translator's post of a stream stores: the translated blocks in English structure (untranslated
    texts of a started block filled from English), blocks without any translated text left out."""
    kept = []
    for child, aligned in aligned_blocks(stream_block, english, posted):
        if aligned.is_translated:
            kept.append({"type": child["type"], "value": aligned.value, "id": child.get("id")})
    return kept


def with_block(stream_block, english, translated, block):
    """The translation as from_translators keeps it, with `block` (a raw block carrying an English block's
    id) in that English block's place."""
    kept = []
    for child, aligned in aligned_blocks(stream_block, english, translated):
        if child.get("id") == block.get("id"):
            kept.append(block)
        elif aligned.is_translated:
            kept.append({"type": child["type"], "value": aligned.value, "id": child.get("id")})
    return kept


# What visitors see -----------------------------------------------------------------------------------------


def shown_blocks(obj, field, language=None):
    """[(block, lang)] of a StreamField as a visitor in `language` (the active one) sees it.

    Every English block is shown, in the English order: translated where the translation covers it (`lang`
    empty), else in English (`lang` "en", for the element's lang attribute). Remembered on the object for
    the request, as the translation note and the template both ask.
    """
    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    language = language or translation.get_language() or source
    memo = obj.__dict__.setdefault("_shown_blocks", {})
    if (field, language) in memo:
        return memo[field, language]
    english = getattr(obj, f"{field}_{source}")
    translated = getattr(obj, f"{field}_{language}", None) if language != source else None
    if language == source:
        shown = [(child, "") for child in english or []]
    elif not raw_stream(translated):
        shown = [(child, source) for child in english or []]
    else:
        stream_block = obj._meta.get_field(field).stream_block
        merged, languages = [], []
        for child, aligned in aligned_blocks(stream_block, english, translated):
            if aligned.is_translated:
                merged.append({"type": child["type"], "value": aligned.value, "id": child.get("id")})
                languages.append("")
            else:
                merged.append(child)
                languages.append(source if aligned.total else "")
        shown = list(zip(StreamValue(stream_block, merged, is_lazy=True), languages, strict=True))
    memo[field, language] = shown
    return shown


def falls_back(obj, field, language=None):
    """Whether any text of the StreamField shows in English for a visitor in `language`."""
    return any(lang for _block, lang in shown_blocks(obj, field, language))
