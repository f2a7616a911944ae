"""Translators' work: their role per language, what each translation was made from, the state of every
page's translations, and publishing a translation.

Decisions (README, "For translators", says the same for people):

- **State follows the latest revision**, the version the admin's edit view opens: a translation saved as a
  draft counts as done, and an English change saved as a draft already marks its translations outdated.
  Recording happens on every save of a revision, so the record always describes a revision.
- **Translators publish their own language directly** ("Publish translation"), because the server holds
  them to their language's fields: they cannot change what the English text, the structure or any other
  language says, so a review by the communication managers would review nothing else. Two exceptions keep
  other people's work safe: a page that is not live stays a draft (it goes live when its editors publish
  it), and a page whose latest revision holds someone else's unpublished changes stays a draft too, so a
  translator never publishes a coordinator's change that still waits for approval.
- A translator may not create, delete, move, copy, unpublish or lock pages: the role gives Wagtail's *change*
  permission on the whole tree and nothing more, and the page hooks refuse deleting and moving drafts.
"""

import json
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import translation
from wagtail.models import GroupPagePermission, Page

from translations import units as u
from translations.models import TranslationSource

TRANSLATORS_GROUP_PREFIX = "Translators – "

# The states of one page in one language, worst first.
MISSING, OUTDATED, PARTIAL, COMPLETE, NOTHING = "missing", "outdated", "partial", "complete", "nothing"


# The translator role ---------------------------------------------------------------------------------


def translators_group_name(language):
    with translation.override("en"):
        return f"{TRANSLATORS_GROUP_PREFIX}{u.language_name(language)}"


def translator_group_languages():
    """{group name: language code} of the translators' groups."""
    return {translators_group_name(code): code for code in u.target_languages()}


@transaction.atomic
def ensure_translator_groups():
    """Create (or repair) one translators' group per language: admin access and *change* on every page."""
    root = Page.get_first_root_node()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    change_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    groups = {}
    for name, code in translator_group_languages().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        if root is not None:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=change_page)
        groups[code] = group
    return groups


def add_translator(*, user, language):
    """Make a user a translator for one language."""
    if language not in u.target_languages():
        raise ValueError(f"Unknown translation language: {language}")
    group = ensure_translator_groups()[language]
    user.groups.add(group)
    _forget_roles(user)
    return group


def _forget_roles(user):
    for attribute in ("_translator_languages", "_full_editor_paths", "_is_communication_manager"):
        user.__dict__.pop(attribute, None)


def translator_languages(user):
    """The languages a user translates, from their translators' groups (cached on the user object)."""
    if "_translator_languages" not in user.__dict__:
        if not user.is_authenticated:
            user._translator_languages = frozenset()
        else:
            names = translator_group_languages()
            member_of = user.groups.filter(name__in=list(names)).values_list("name", flat=True)
            user._translator_languages = frozenset(names[name] for name in member_of)
    return user._translator_languages


def _full_editor_paths(user):
    """Tree paths below which the user may edit through a group that is not a translators' group."""
    if "_full_editor_paths" not in user.__dict__:
        permissions = (
            GroupPagePermission.objects.filter(group__user=user, permission__codename__in=("change_page", "add_page"))
            .exclude(group__name__in=list(translator_group_languages()))
            .values_list("page__path", "permission__codename")
        )
        user._full_editor_paths = list(permissions)
    return user._full_editor_paths


def translation_restriction(user, page):
    """None if the user edits this page as a full editor; else the languages they may change on it.

    A coordinator who is also a translator edits their own partner's pages fully and other pages only
    as a translator.
    """
    if not user.is_authenticated or user.is_superuser:
        return None
    languages = translator_languages(user)
    if not languages:
        return None
    for path, codename in _full_editor_paths(user):
        if page.path.startswith(path) and (codename == "change_page" or page.owner_id == user.pk):
            return None
    return languages


def is_communication_manager(user):
    from partners.services import COMMUNICATION_MANAGERS

    if "_is_communication_manager" not in user.__dict__:
        user._is_communication_manager = user.is_authenticated and user.groups.filter(name=COMMUNICATION_MANAGERS).exists()
    return user._is_communication_manager


def can_use_translation_tools(user):
    """Translators, communication managers and administrators see the overview and may export and import."""
    return user.is_active and (user.is_superuser or bool(translator_languages(user)) or is_communication_manager(user))


def languages_for(user):
    """The languages a user may export and import: all for managers and administrators, else their own."""
    if user is None or user.is_superuser or is_communication_manager(user):
        return u.target_languages()
    return [code for code in u.target_languages() if code in translator_languages(user)]


# What a translation was made from --------------------------------------------------------------------


def _latest_content(page):
    revision = page.latest_revision
    return revision.content if revision is not None else u.page_content(page.specific)


def _previous_content(page):
    previous = page.revisions.exclude(pk=page.latest_revision_id).order_by("-created_at", "-pk").first()
    return previous.content if previous is not None else None


def record_translations(*, page, user=None, confirmed_languages=(), confirmed_units=None, content=None, previous_content=None):
    """Record what each translation of a page was made from, after a revision was saved.

    A translation's record changes when the translation itself changed (or is confirmed: saved by a
    translator of that language, or imported), and then says "made from today's English". An English text
    that changed while its translation did not keeps the old record: that translation is now outdated.
    A translation without a record so far is taken as made from the English text beside it in the
    previous revision (so an English edit in this very save still marks it outdated).
    `confirmed_units` limits the confirmation to some (unit key, language) pairs, for imports.
    """
    page = page.specific_deferred if type(page) is Page else page
    model = type(page)
    content = content if content is not None else _latest_content(page)
    if previous_content is None and page.pk:
        previous_content = _previous_content(page)
    existing = {(record.unit, record.language): record for record in TranslationSource.objects.filter(page_id=page.pk)}
    languages = u.target_languages()
    keep, write = set(), []
    for unit in u.units_of(model, content):
        english = u.unit_value(unit, content, u.SOURCE_LANGUAGE)
        if u.is_empty(unit.spec, english):
            keep.update((unit.key, code) for code in languages)
            continue
        source_hash = u.value_hash(unit.spec, english)
        for code in languages:
            target = u.unit_value(unit, content, code)
            if u.is_empty(unit.spec, target):
                continue
            keep.add((unit.key, code))
            target_hash = u.value_hash(unit.spec, target)
            record = existing.get((unit.key, code))
            confirmed = code in confirmed_languages and (confirmed_units is None or (unit.key, code) in confirmed_units)
            if confirmed or (record is not None and record.target_hash != target_hash):
                made_from = source_hash
            elif record is not None:
                continue
            else:
                made_from = source_hash
                if previous_content is not None:
                    previous_target = u.unit_value(unit, previous_content, code)
                    previous_english = u.unit_value(unit, previous_content, u.SOURCE_LANGUAGE)
                    if u.value_hash(unit.spec, previous_target) == target_hash and not u.is_empty(unit.spec, previous_english):
                        made_from = u.value_hash(unit.spec, previous_english)
            if record is None or (record.source_hash, record.target_hash) != (made_from, target_hash):
                write.append(
                    TranslationSource(
                        page_id=page.pk,
                        unit=unit.key,
                        language=code,
                        source_hash=made_from,
                        target_hash=target_hash,
                        recorded_by=user if user is not None and user.is_authenticated else None,
                    )
                )
    stale = [record.pk for key, record in existing.items() if key not in keep]
    if stale:
        TranslationSource.objects.filter(pk__in=stale).delete()
    if write:
        TranslationSource.objects.bulk_create(
            write,
            update_conflicts=True,
            unique_fields=["page", "unit", "language"],
            update_fields=["source_hash", "target_hash", "recorded_at", "recorded_by"],
        )
    return len(write)


def record_made_from(*, page, unit_key, language, english_text):
    """Record that a translation was made from an older English text (the demo's outdated example)."""
    page = page.specific
    content = _latest_content(page)
    unit = next(unit for unit in u.units_of(type(page), content) if unit.key == unit_key)
    target = u.unit_value(unit, content, language)
    TranslationSource.objects.update_or_create(
        page=page,
        unit=unit_key,
        language=language,
        defaults={
            "source_hash": u.value_hash(unit.spec, u.raw_value(unit.spec, english_text)),
            "target_hash": u.value_hash(unit.spec, target),
        },
    )


# The state of every page's translations --------------------------------------------------------------


@dataclass
class LanguageState:
    """One page in one language: how many of its texts are translated, which are missing or outdated."""

    language: str
    total: int = 0
    translated: int = 0
    missing: list = field(default_factory=list)
    outdated: list = field(default_factory=list)

    @property
    def state(self):
        if not self.total:
            return NOTHING
        if not self.translated:
            return MISSING
        if self.outdated:
            return OUTDATED
        if self.translated < self.total:
            return PARTIAL
        return COMPLETE

    @property
    def to_do(self):
        return len(self.missing) + len(self.outdated)


@dataclass
class PageState:
    page: Page
    content: dict
    languages: dict  # code -> LanguageState
    english: dict = field(default_factory=dict)  # unit key -> (unit, raw English value, hash)


def translation_states(pages, languages=None):
    """[PageState] for base Page objects, in the given order; queries do not grow with the number of pages."""
    pages = list(pages)
    languages = list(languages or u.target_languages())
    contents = u.content_pages(pages)
    recorded = {}
    for page_id, unit_key, code, source_hash in TranslationSource.objects.filter(
        page_id__in=[page.pk for page in pages], language__in=languages
    ).values_list("page_id", "unit", "language", "source_hash"):
        recorded[page_id, unit_key, code] = source_hash
    states = []
    for page in pages:
        content = contents.get(page.pk, {})
        state = PageState(page=page, content=content, languages={code: LanguageState(code) for code in languages})
        for unit in u.units_of(page.specific_class or Page, content):
            english = u.unit_value(unit, content, u.SOURCE_LANGUAGE)
            if u.is_empty(unit.spec, english):
                continue
            source_hash = u.value_hash(unit.spec, english)
            state.english[unit.key] = (unit, english, source_hash)
            for code in languages:
                cell = state.languages[code]
                cell.total += 1
                if u.is_empty(unit.spec, u.unit_value(unit, content, code)):
                    cell.missing.append(unit)
                    continue
                cell.translated += 1
                made_from = recorded.get((page.pk, unit.key, code))
                if made_from is not None and made_from != source_hash:
                    cell.outdated.append(unit)
        states.append(state)
    return states


# Publishing a translation ----------------------------------------------------------------------------

_NOT_CONTENT = {
    "pk", "path", "depth", "numchild", "translation_key", "locale", "latest_revision", "live", "has_unpublished_changes",
    "first_published_at", "last_published_at", "live_revision", "expired", "locked", "locked_at", "locked_by",
    "draft_title", "content_type", "owner", "latest_revision_created_at", "alias_of", "wagtail_admin_comments",
}  # fmt: skip


def _comparable(model, content, languages):
    """A page's content without bookkeeping, the given languages' translations and language-less mirrors."""
    from modeltranslation.translator import NotRegistered, translator
    from wagtail.fields import StreamField

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
            value = [{k: v for k, v in child.items() if k not in child_skip} for child in value]
        elif isinstance(value, list) and all(isinstance(item, int | str) for item in value):
            value = sorted(value, key=str)  # many-to-many ids, in no particular order
        elif key in streams:  # the language columns are StreamFields too
            value = json.loads(value) if isinstance(value, str) and value else value
        result[key] = value
    return result


def _child_translated(model, relation):
    from modelcluster.models import get_all_child_relations
    from modeltranslation.translator import NotRegistered, translator

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
    from django.utils.translation import gettext as _

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


# Export and import -----------------------------------------------------------------------------------


def pages_in_tree_order(queryset=None):
    """Every page but the tree's root, in tree order (the overview's and the export's order)."""
    queryset = queryset if queryset is not None else Page.objects.all()
    return queryset.filter(depth__gt=1).order_by("path")


def _unit_note(page, unit):
    label = str(unit.spec.label)
    if unit.spec.relation:
        return f"{page.get_admin_display_title()} – {unit.spec.relation} {unit.child_pk} – {label}"
    return f"{page.get_admin_display_title()} – {label}"


def export_files(*, pages, language):
    """The missing and outdated texts of these pages in one language, as xliff.ExportFile objects."""
    from translations import xliff

    files = []
    for state in translation_states(pages, [language]):
        cell = state.languages[language]
        to_do = cell.missing + cell.outdated
        if not to_do:
            continue
        page = state.page
        try:
            url = page.get_url() or ""
        except Exception:  # noqa: BLE001 - a page outside any site still has texts to translate
            url = ""
        export = xliff.ExportFile(page_id=page.pk, title=page.get_admin_display_title(), url=url, units=[])
        outdated_keys = {unit.key for unit in cell.outdated}
        for unit, english, _source_hash in (state.english[unit.key] for unit in sorted(to_do, key=_unit_order(state))):
            target = u.unit_value(unit, state.content, language)
            target_hash = u.value_hash(unit.spec, target)
            base_id = f"{page.pk}/{unit.key}"
            if unit.spec.kind == u.STREAM:
                target_leaves = u.stream_leaves(unit.spec.stream_block, target) if unit.key in outdated_keys else {}
                for path, (block, text) in u.stream_leaves(unit.spec.stream_block, english).items():
                    export.units.append(
                        xliff.ExportUnit(
                            unit_id=f"{base_id}/{path}",
                            page_id=page.pk,
                            unit_key=unit.key,
                            block_path=path,
                            source=text,
                            target=target_leaves.get(path, (None, None))[1],
                            source_hash=u.leaf_hash(block, text),
                            target_hash=target_hash,
                            is_html=isinstance(block, u.blocks.RichTextBlock),
                            note=f"{_unit_note(page, unit)} – {block.label}",
                        )
                    )
            else:
                export.units.append(
                    xliff.ExportUnit(
                        unit_id=base_id,
                        page_id=page.pk,
                        unit_key=unit.key,
                        block_path="",
                        source=english,
                        target=target if unit.key in outdated_keys else None,
                        source_hash=u.value_hash(unit.spec, english),
                        target_hash=target_hash,
                        is_html=unit.spec.kind == u.RICH_TEXT,
                        note=_unit_note(page, unit),
                    )
                )
        files.append(export)
    return files


def _unit_order(state):
    order = {key: index for index, key in enumerate(state.english)}
    return lambda unit: order.get(unit.key, 0)


def export_xliff(*, pages, language):
    """(file bytes, number of texts) of one language's missing and outdated texts of these pages."""
    from translations import xliff

    files = export_files(pages=pages, language=language)
    return xliff.write(files, language=language), sum(len(export.units) for export in files)


@dataclass
class ImportReport:
    """What an import did: each list holds (page title or "", unit id, text) tuples for people to read."""

    changed: list = field(default_factory=list)
    confirmed: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    published: list = field(default_factory=list)
    drafts: list = field(default_factory=list)


def _sanitised_rich_text(html, features):
    """HTML as the admin's editor would store it: only the field's features survive (no scripts, no styles)."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features)
    return converter.to_database_format(converter.from_database_format(html))


def _clean_text(unit_or_block, text):
    """The imported text as the field stores it, or ValidationError."""
    from django.core.exceptions import ValidationError
    from wagtail import blocks

    if isinstance(unit_or_block, u.FieldSpec):
        spec = unit_or_block
        if spec.kind == u.RICH_TEXT:
            return _sanitised_rich_text(text, getattr(spec.model_field, "features", None))
        text = text.strip()
        max_length = getattr(spec.model_field, "max_length", None)
        if max_length and len(text) > max_length:
            raise ValidationError(
                translation.gettext("The text is longer than the field's %(max)s characters.") % {"max": max_length}
            )
        return text
    block = unit_or_block
    if isinstance(block, blocks.RichTextBlock):
        return _sanitised_rich_text(text, block.features)
    text = text.strip()
    max_length = getattr(block.field, "max_length", None)
    if max_length and len(text) > max_length:
        raise ValidationError(
            translation.gettext("The text is longer than the field's %(max)s characters.") % {"max": max_length}
        )
    return text


def import_xliff(*, data, user=None):
    """Fill translations from an XLIFF file exported by export_xliff; never overwrites newer work.

    A text is rejected when its page or field is unknown, when the English text changed since the export,
    or when the translation was changed since the export (a conflict: the newer work stays). A StreamField
    is filled only when the file translates every text it has today. Each page with changes gets one new
    revision, published by the rules of publish_translation, else kept as a draft.
    Raises xliff.XliffError for a file that cannot be read at all.
    """
    from translations import xliff

    units = xliff.read(data)
    report = ImportReport()
    allowed_languages = set(languages_for(user))
    by_page = {}
    for unit in units:
        if unit.language not in u.target_languages():
            report.rejected.append(
                (
                    "",
                    unit.unit_id,
                    translation.gettext("“%(language)s” is not a translation language of this site.")
                    % {"language": unit.language},
                )
            )
        elif unit.language not in allowed_languages:
            report.rejected.append(
                (
                    "",
                    unit.unit_id,
                    translation.gettext("You do not translate into %(language)s.") % {"language": u.language_name(unit.language)},
                )
            )
        elif unit.page_id is None or not unit.unit_key:
            report.rejected.append(("", unit.unit_id, translation.gettext("The unit does not name a page and a field.")))
        else:
            by_page.setdefault((unit.page_id, unit.language), []).append(unit)
    pages = {page.pk: page for page in Page.objects.filter(pk__in={page_id for page_id, _language in by_page})}
    for (page_id, language), page_units in by_page.items():
        page = pages.get(page_id)
        if page is None:
            report.rejected += [("", unit.unit_id, translation.gettext("There is no page with this id.")) for unit in page_units]
            continue
        with transaction.atomic():
            _import_page(page, language, page_units, user, report)
    return report


def _import_page(page, language, file_units, user, report):
    from django.core.exceptions import ValidationError

    from translations import xliff

    title = page.get_admin_display_title()
    if user is not None:
        restriction = translation_restriction(user, page)
        if not page.permissions_for_user(user).can_edit() or (restriction is not None and language not in restriction):
            report.rejected += [(title, unit.unit_id, translation.gettext("You may not edit this page.")) for unit in file_units]
            return
    page_object = page.specific.get_latest_revision_as_object()
    content = _latest_content(page.specific)
    known = {unit.key: unit for unit in u.units_of(type(page_object), content)}
    new_values, confirmed, streams = {}, set(), {}
    changed_entries, confirmed_entries = [], []

    def reject(unit, reason):
        report.rejected.append((title, unit.unit_id, reason))

    for file_unit in file_units:
        unit = known.get(file_unit.unit_key)
        if unit is None or bool(file_unit.block_path) != (unit.spec.kind == u.STREAM):
            reject(file_unit, translation.gettext("This page has no such field."))
            continue
        if file_unit.target is False:
            reject(file_unit, translation.gettext("The translation contains XLIFF inline markup; keep rich text as HTML text."))
            continue
        if unit.spec.kind == u.STREAM:
            streams.setdefault(unit.key, (unit, []))[1].append(file_unit)
            continue
        english = u.unit_value(unit, content, u.SOURCE_LANGUAGE)
        current = u.unit_value(unit, content, language)
        if file_unit.source_hash != u.value_hash(unit.spec, english):
            reject(file_unit, translation.gettext("The English text changed since the export: export it again."))
        elif file_unit.target_hash != u.value_hash(unit.spec, current):
            reject(file_unit, translation.gettext("The translation was changed since the export; the newer one is kept."))
        elif not (file_unit.target or "").strip() or file_unit.state in xliff.NOT_TRANSLATED_STATES:
            report.skipped.append((title, file_unit.unit_id, translation.gettext("Not translated in the file.")))
        else:
            try:
                value = _clean_text(unit.spec, file_unit.target)
            except ValidationError as error:
                reject(file_unit, " ".join(error.messages))
                continue
            if u.meaning(unit.spec, value) == u.meaning(unit.spec, current):
                if file_unit.state in xliff.UNREVIEWED_STATES:
                    report.skipped.append(
                        (title, file_unit.unit_id, translation.gettext("Unchanged and not marked as reviewed."))
                    )
                else:
                    confirmed.add(unit.key)
                    confirmed_entries.append((title, file_unit.unit_id, str(unit.spec.label)))
            else:
                new_values[unit.key] = (unit, value)
                changed_entries.append((title, file_unit.unit_id, str(unit.spec.label)))

    for key, (unit, leaves) in streams.items():
        english = u.unit_value(unit, content, u.SOURCE_LANGUAGE)
        current = u.unit_value(unit, content, language)
        english_leaves = u.stream_leaves(unit.spec.stream_block, english)
        texts, problems = {}, []
        if any(leaf.target_hash != u.value_hash(unit.spec, current) for leaf in leaves):
            for leaf in leaves:
                reject(leaf, translation.gettext("The translation was changed since the export; the newer one is kept."))
            continue
        for leaf in leaves:
            block_and_text = english_leaves.get(leaf.block_path)
            if block_and_text is None or u.leaf_hash(block_and_text[0], block_and_text[1]) != leaf.source_hash:
                problems.append((leaf, translation.gettext("The English text changed since the export: export it again.")))
            elif not (leaf.target or "").strip() or leaf.state in xliff.NOT_TRANSLATED_STATES:
                problems.append((leaf, translation.gettext("Not translated in the file.")))
            else:
                try:
                    texts[leaf.block_path] = _clean_text(block_and_text[0], leaf.target)
                except ValidationError as error:
                    problems.append((leaf, " ".join(error.messages)))
        missing = set(english_leaves) - set(texts)
        if problems or missing:
            for leaf, reason in problems:
                reject(leaf, reason)
            reason = translation.ngettext(
                "Not filled: %(count)s text of this field has no usable translation in the file.",
                "Not filled: %(count)s texts of this field have no usable translation in the file.",
                len(missing),
            ) % {"count": len(missing)}
            for leaf in leaves:
                if leaf.block_path in texts:
                    reject(leaf, reason)
            continue
        value = u.stream_with_texts(unit.spec.stream_block, english, texts)
        label = str(unit.spec.label)
        if u.meaning(unit.spec, value) == u.meaning(unit.spec, current):
            if all(leaf.state in xliff.UNREVIEWED_STATES for leaf in leaves):
                report.skipped.append((title, f"{page.pk}/{key}", translation.gettext("Unchanged and not marked as reviewed.")))
            else:
                confirmed.add(key)
                confirmed_entries.append((title, f"{page.pk}/{key}", label))
        else:
            new_values[key] = (unit, value)
            changed_entries.append((title, f"{page.pk}/{key}", label))

    if not new_values and not confirmed:
        return
    confirmed_units = {(key, language) for key in [*new_values, *confirmed]}
    if not new_values:
        record_translations(page=page.specific, user=user, confirmed_languages=[language], confirmed_units=confirmed_units)
        report.confirmed += confirmed_entries
        return
    for unit, value in new_values.values():
        u.set_unit_value(page_object, unit, language, value)
    try:
        page_object.full_clean()
    except ValidationError as error:
        reason = translation.gettext("The page would not be valid with these translations: %(errors)s") % {
            "errors": " ".join(error.messages)
        }
        report.rejected += [
            (entry_title, unit_id, reason) for entry_title, unit_id, _label in changed_entries + confirmed_entries
        ]
        return
    report.changed += changed_entries
    report.confirmed += confirmed_entries
    if not page_object.live:
        page_object.save()
    page_object.save_revision(user=user, log_action=True, clean=False)
    page = Page.objects.get(pk=page.pk)
    record_translations(page=page.specific, user=user, confirmed_languages=[language], confirmed_units=confirmed_units)
    published, reason = publish_translation(page=page, languages=[language], user=user)
    if published:
        report.published.append(title)
    else:
        report.drafts.append((title, reason))
