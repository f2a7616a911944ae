"""Export and import of translations as XLIFF 1.2 files, for translators working outside the admin."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from wagtail.models import Page

from translations import units as u
from translations import xliff
from translations.publishing import publish_translation
from translations.records import latest_content, record_translations
from translations.roles import languages_for, translation_restriction
from translations.states import translation_states


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

    title = page.get_admin_display_title()
    if user is not None:
        restriction = translation_restriction(user, page)
        if not page.permissions_for_user(user).can_edit() or (restriction is not None and language not in restriction):
            report.rejected += [(title, unit.unit_id, translation.gettext("You may not edit this page.")) for unit in file_units]
            return
    page_object = page.specific.get_latest_revision_as_object()
    content = latest_content(page.specific)
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
