"""What there is to translate on a page, and how its values are read, compared and hashed.

A page's *units* are its translatable texts: the fields modeltranslation registers for the page type
(Page's own title, SEO title and search description, then the type's own fields, in the model's order)
and the translated fields of its inline children (a partner's contact roles, an event's venues), one unit
per child. Slugs and URL paths are not counted: an empty translated slug falls back to the English one,
so the page stays reachable, and the URL path is derived from the slugs.

Values are read in the *raw* form Wagtail stores in revisions (text, rich text as HTML, StreamField as its
JSON list), so the overview can read many pages' latest revisions without building page objects.

Hashes compare meaning, not bytes: whitespace is collapsed, rich text counts its text and link targets
(the admin's editor rewrites markup on every save without changing it), and StreamField block ids are
left out. A hash therefore changes when an editor changes what a text says or where it links, not when
the page is merely saved again.
"""

import copy
import hashlib
import json
from dataclasses import dataclass, replace
from functools import cache

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from modelcluster.models import get_all_child_relations
from modeltranslation.translator import NotRegistered, translator
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Revision, get_page_models
from wagtail.rich_text import RichText

from core import stream_translation as streams
from core.rich_text import collapse, rich_text_meaning

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
NOT_COUNTED = frozenset({"slug", "url_path"})
# A StreamField (STREAM) is translated block by block: each of its top-level blocks is a unit of kind BLOCK.
TEXT, RICH_TEXT, STREAM, BLOCK = "text", "rich_text", "stream", "block"
TEXT_BLOCKS = streams.TEXT_BLOCKS


def target_languages():
    """The languages translators work in: every site language but the source."""
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def language_name(code):
    return dict(settings.LANGUAGES).get(code, code)


@dataclass(frozen=True)
class FieldSpec:
    """One translated field of a page type, or of its inline children (then `relation` names them)."""

    name: str
    kind: str
    model_field: object
    relation: str = ""

    @property
    def label(self):
        return self.model_field.verbose_name

    @property
    def stream_block(self):
        return self.model_field.stream_block

    def column(self, language):
        return f"{self.name}_{language}"


@dataclass(frozen=True)
class Unit:
    """A translatable text of one page: a field, a field of one inline child (`child_pk`), or one top-level
    block of a StreamField (`block_id`, the English block's id; its spec's kind is BLOCK)."""

    spec: FieldSpec
    child_pk: object = None
    block_id: str = ""

    @property
    def key(self):
        if self.spec.relation:
            return f"{self.spec.relation}.{self.child_pk}.{self.spec.name}"
        if self.block_id:
            return f"{self.spec.name}/{self.block_id}"
        return self.spec.name


def _kind(model_field):
    if isinstance(model_field, StreamField):
        return STREAM
    if isinstance(model_field, RichTextField):
        return RICH_TEXT
    return TEXT


def _translated_names(model):
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


@cache
def field_specs(page_model):
    """The counted fields of a page type: its own translated fields, then its inline children's."""
    names = _translated_names(page_model) - NOT_COUNTED
    specs = [
        FieldSpec(field.name, _kind(field), field)
        for field in page_model._meta.get_fields()
        if getattr(field, "name", None) in names and not getattr(field, "translated_field", None)
    ]
    for relation in get_all_child_relations(page_model):
        child_model = relation.related_model
        child_names = _translated_names(child_model)
        specs += [
            FieldSpec(field.name, _kind(field), field, relation=relation.get_accessor_name())
            for field in child_model._meta.get_fields()
            if getattr(field, "name", None) in child_names and not getattr(field, "translated_field", None)
        ]
    return tuple(specs)


@cache
def editable_field_names(page_model, language):
    """Form field names a translator for `language` may change on this page type, and per child relation."""
    page_names = {f"{name}_{language}" for name in _translated_names(page_model) if name != "url_path"}
    child_names = {
        relation.get_accessor_name(): frozenset(f"{name}_{language}" for name in _translated_names(relation.related_model))
        for relation in get_all_child_relations(page_model)
    }
    return frozenset(page_names), child_names


def page_models():
    """Every concrete page type of the project (Wagtail's own Page included, for pages of no other type)."""
    return [model for model in get_page_models() if not model._meta.abstract]


# Reading values --------------------------------------------------------------------------------------


def raw_value(spec, value):
    """A field's value in the form revisions store it: text, HTML, a StreamField's JSON list, a raw block."""
    if spec.kind == BLOCK:
        return value if isinstance(value, dict) else None
    if spec.kind == STREAM:
        return streams.raw_stream(value)
    if isinstance(value, RichText):
        return value.source
    return "" if value is None else str(value)


def units_of(page_model, content):
    """The units of a page, given its content as a revision stores it (children included)."""
    units = []
    for spec in field_specs(page_model):
        if spec.relation:
            units += [Unit(spec, child.get("pk")) for child in content.get(spec.relation) or [] if child.get("pk")]
        elif spec.kind == STREAM:
            block_spec = replace(spec, kind=BLOCK)
            english = streams.top_level(spec.stream_block, content.get(spec.column(SOURCE_LANGUAGE)))
            units += [Unit(block_spec, block_id=str(child.get("id") or index)) for index, child in enumerate(english)]
        else:
            units.append(Unit(spec))
    return units


def unit_value(unit, content, language):
    """The raw value of a unit in one language, from content as a revision stores it.

    A block's value is the raw block ({"type", "value", "id"}); a translation's block is the one matched to
    the English block (stream_translation), in English structure with only its own texts, or None.
    """
    column = unit.spec.column(language)
    if unit.spec.relation:
        child = next((child for child in content.get(unit.spec.relation) or [] if child.get("pk") == unit.child_pk), None)
        return raw_value(unit.spec, child.get(column) if child else None)
    if unit.spec.kind == BLOCK:
        return _block_value(unit, content, language)
    return raw_value(unit.spec, content.get(column))


def _block_value(unit, content, language):
    stream_block = unit.spec.stream_block
    english = streams.top_level(stream_block, content.get(unit.spec.column(SOURCE_LANGUAGE)))
    position = next(
        (index for index, child in enumerate(english) if str(child.get("id") or index) == unit.block_id),
        None,
    )
    if position is None:
        return None
    source = english[position]
    if language == SOURCE_LANGUAGE:
        return source
    partner = streams.pair_top_level(stream_block, english, content.get(unit.spec.column(language)))[position]
    if partner is None:
        return None
    aligned = streams.align(
        stream_block.child_blocks[source["type"]], source.get("value"), partner.get("value"), untranslated=streams.EMPTY
    )
    return {"type": source["type"], "value": aligned.value, "id": source.get("id")}


def set_unit_value(page, unit, language, value):
    """Write a raw value into a page object (or one of its in-memory children).

    A block's value (a raw block in English structure) takes the English block's place in the translation,
    whose other blocks are kept (matched to English as stream_translation does).
    """
    column = unit.spec.column(language)
    if unit.spec.kind == BLOCK:
        stream = streams.with_block(
            unit.spec.stream_block, getattr(page, unit.spec.column(SOURCE_LANGUAGE)), getattr(page, column), value
        )
        setattr(page, column, json.dumps(stream, cls=DjangoJSONEncoder))
        return
    if unit.spec.relation:
        for child in getattr(page, unit.spec.relation).all():
            if child.pk == unit.child_pk:
                setattr(child, column, value)
                return
        raise LookupError(unit.key)
    setattr(page, column, value)


def page_content(page):
    """A page object's content in the form a revision stores it."""
    return page.serializable_data()


# Comparing and hashing -------------------------------------------------------------------------------


def block_texts(spec, raw):
    """{leaf path: (block, text)} of a block unit's non-empty text leaves."""
    return stream_leaves(spec.stream_block, [raw] if raw else [])


def is_empty(spec, raw):
    if spec.kind == BLOCK:
        return not block_texts(spec, raw)
    if spec.kind == STREAM:
        return not stream_leaves(spec.stream_block, raw)
    if spec.kind == RICH_TEXT:
        meaning = rich_text_meaning(raw)
        return not meaning["text"] and not meaning["links"]
    return not collapse(raw)


def stream_meaning(block, raw):
    if isinstance(block, blocks.StreamBlock):
        result = []
        for child in raw or []:
            if isinstance(child, dict) and child.get("type") in block.child_blocks:
                result.append([child["type"], stream_meaning(block.child_blocks[child["type"]], child.get("value"))])
        return result
    if isinstance(block, blocks.StructBlock):
        raw = raw if isinstance(raw, dict) else {}
        return {name: stream_meaning(child, raw.get(name)) for name, child in block.child_blocks.items()}
    if isinstance(block, blocks.ListBlock):
        return [stream_meaning(block.child_block, value) for _ident, value in _list_items(raw)]
    if isinstance(block, blocks.RichTextBlock):
        return rich_text_meaning(raw)
    if isinstance(block, TEXT_BLOCKS):
        return collapse(raw)
    if isinstance(block, SCALAR_BLOCKS):
        return _scalar_meaning(block, raw)
    return raw


# Blocks whose value a browser posts in another spelling than the database stores ("10:00" for "10:00:00").
SCALAR_BLOCKS = (
    blocks.DateBlock,
    blocks.TimeBlock,
    blocks.DateTimeBlock,
    blocks.IntegerBlock,
    blocks.FloatBlock,
    blocks.DecimalBlock,
    blocks.BooleanBlock,
)


def _scalar_meaning(block, raw):
    """A date, time or number in one spelling, whether read from the database or from a posted form."""
    if raw in (None, ""):
        return None
    try:
        return str(block.get_prep_value(block.field.clean(raw)))
    except Exception:  # noqa: BLE001 - a value the field cannot read is compared as it was sent
        return str(raw)


def meaning(spec, raw):
    if spec.kind == BLOCK:
        # A block's translation is its text: links, dates and the like always come from English.
        return [[path, leaf_meaning(block, text)] for path, (block, text) in block_texts(spec, raw).items()]
    if spec.kind == STREAM:
        return stream_meaning(spec.stream_block, raw)
    if spec.kind == RICH_TEXT:
        return rich_text_meaning(raw)
    return collapse(raw)


def plain_text(spec, raw):
    """What a unit's value says as plain words, a block's texts one per line: for showing what changed."""
    if spec.kind == BLOCK:
        return "\n".join(text_of_leaf(block, text) for block, text in block_texts(spec, raw).values())
    if spec.kind == STREAM:
        return "\n".join(text_of_leaf(block, text) for block, text in stream_leaves(spec.stream_block, raw).values())
    if spec.kind == RICH_TEXT:
        return rich_text_meaning(raw)["text"]
    return collapse(raw)


def text_of_leaf(block, text):
    return streams.text_of(block, text)


def text_hash(value):
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def value_hash(spec, raw):
    """The hash of what a value says (see the module's docstring)."""
    return text_hash(meaning(spec, raw))


def leaf_meaning(block, text):
    return rich_text_meaning(text) if isinstance(block, blocks.RichTextBlock) else collapse(text)


def leaf_hash(block, text):
    return text_hash(leaf_meaning(block, text))


# StreamField text leaves -----------------------------------------------------------------------------


def _list_items(raw):
    """(id, value) of a ListBlock's items, in both of the formats Wagtail stores."""
    for index, item in enumerate(raw or []):
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            yield str(item.get("id") or index), item["value"]
        else:
            yield str(index), item


def _walk(block, raw, path):
    """Yield (path, block, container, key) for every text leaf: container[key] holds the text."""
    if isinstance(block, blocks.StreamBlock):
        for index, child in enumerate(raw or []):
            if isinstance(child, dict) and child.get("type") in block.child_blocks:
                child_block = block.child_blocks[child["type"]]
                ident = str(child.get("id") or index)
                if isinstance(child_block, TEXT_BLOCKS):
                    yield (*path, ident), child_block, child, "value"
                else:
                    yield from _walk(child_block, child.get("value"), (*path, ident))
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child_block in block.child_blocks.items():
            if isinstance(child_block, TEXT_BLOCKS):
                yield (*path, name), child_block, raw, name
            else:
                yield from _walk(child_block, raw.get(name), (*path, name))
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for index, item in enumerate(raw):
            new_format = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            ident = str(item.get("id") or index) if new_format else str(index)
            container, key = (item, "value") if new_format else (raw, index)
            if isinstance(block.child_block, TEXT_BLOCKS):
                yield (*path, ident), block.child_block, container, key
            else:
                yield from _walk(block.child_block, container[key], (*path, ident))


def stream_leaves(stream_block, raw):
    """{path: (block, text)} for the non-empty text leaves of a StreamField value."""
    leaves = {}
    for path, block, container, key in _walk(stream_block, raw, ()):
        text = container.get(key) if isinstance(container, dict) else container[key]
        if isinstance(text, str) and (
            rich_text_meaning(text)["text"] if isinstance(block, blocks.RichTextBlock) else collapse(text)
        ):
            leaves["/".join(path)] = (block, text)
    return leaves


def stream_with_texts(stream_block, source_raw, texts):
    """A copy of the source stream (same blocks, dates, links, images) whose text leaves say `texts[path]`."""
    result = copy.deepcopy(source_raw)
    for path, _block, container, key in _walk(stream_block, result, ()):
        joined = "/".join(path)
        if joined in texts:
            container[key] = texts[joined]
    return result


def stream_leaf_block(stream_block, raw, path):
    """The block definition of a leaf, for the leaves of a stream that may no longer contain it."""
    for leaf_path, block, _container, _key in _walk(stream_block, raw, ()):
        if "/".join(leaf_path) == path:
            return block
    return None


def content_pages(pages):
    """{page id: content} for base Page objects, from each page's latest revision, else its own row.

    The number of queries does not grow with the number of pages: one for the revisions, and for pages
    that have no revision (created in code) one per page type and per translated child relation.
    """
    pages = list(pages)
    contents = {}
    revision_ids = [page.latest_revision_id for page in pages if page.latest_revision_id]
    if revision_ids:
        for object_id, content in Revision.objects.filter(pk__in=revision_ids).values_list("object_id", "content"):
            contents[int(object_id)] = content
    without_revision = {}
    for page in pages:
        if page.pk not in contents:
            without_revision.setdefault(page.specific_class or Page, []).append(page.pk)
    for model, ids in without_revision.items():
        specs = field_specs(model)
        languages = [code for code, _name in settings.LANGUAGES]
        page_columns = [spec.column(code) for spec in specs if not spec.relation for code in languages]
        for row in model.objects.filter(pk__in=ids).values("pk", *page_columns):
            contents[row["pk"]] = row
        for relation in {spec.relation for spec in specs if spec.relation}:
            child_specs = [spec for spec in specs if spec.relation == relation]
            descriptor_model = child_specs[0].model_field.model
            parent_field = next(rel.field for rel in get_all_child_relations(model) if rel.get_accessor_name() == relation)
            columns = [spec.column(code) for spec in child_specs for code in languages]
            children = descriptor_model.objects.filter(**{f"{parent_field.name}__in": ids}).values(
                "pk", parent_field.attname, *columns
            )
            for child in children:
                contents[child[parent_field.attname]].setdefault(relation, []).append(child)
    return contents
