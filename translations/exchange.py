"""Export and import of translations as XLIFF 1.2 files, for translators working outside the admin.

**Exports carry what is published.** A page's texts go into a file only as its live version says them: a
page that was never published is left out, and so is a text whose English or translation has an unpublished
change in a newer draft (a coordinator's change that waits for approval is not the translators' to see, and
a translation of it could not be imported onto the page anyway). Communication managers and administrators
may ask for drafts: then the latest revision of every page goes out, published or not.

**Imports never overwrite newer work and never leave half a page.** Every text is checked against the
page's latest revision, the version the next revision builds on: a text whose English or translation changed
since the export is rejected, one that already says what the file says is reported as unchanged. Pages that
are locked, in moderation or scheduled for publishing are skipped. Each page is written in a transaction of
its own: text that cannot be read or cleaned is a rejected line, and an unforeseen error undoes that page's
revision and is reported, while the file's other pages are imported.
"""

import logging
import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.utils import translation
from wagtail import blocks
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Page
from wagtail.rich_text import features as feature_registry

from translations import units as u
from translations import xliff
from translations.publishing import publish_translation
from translations.records import latest_content, record_translations
from translations.roles import is_communication_manager, languages_for, translation_restriction
from translations.states import translation_states

logger = logging.getLogger(__name__)


def pages_in_tree_order(queryset=None):
    """Every page but the tree's root, in tree order (the overview's and the export's order)."""
    queryset = queryset if queryset is not None else Page.objects.all()
    return queryset.filter(depth__gt=1).order_by("path")


def may_export_drafts(user):
    """Whether a user may export unpublished drafts: communication managers and administrators.

    Translators get the published version only: drafts hold partners' changes that nobody approved yet.
    """
    return user is None or user.is_superuser or is_communication_manager(user)


# Export ---------------------------------------------------------------------------------------------------


def _unit_note(page_title, unit):
    label = str(unit.spec.label)
    if unit.spec.relation:
        return f"{page_title} – {unit.spec.relation} {unit.child_pk} – {label}"
    return f"{page_title} – {label}"


def _live_contents(pages):
    """{page id: content of the live version} for live pages whose latest revision is newer than it."""
    ids = [
        page.pk
        for page in pages
        if page.live
        and (page.has_unpublished_changes or (page.latest_revision_id and page.latest_revision_id != page.live_revision_id))
    ]
    # A live page's own row holds its published version; drafts live only in revisions.
    return {page.pk: u.page_content(page) for page in Page.objects.filter(pk__in=ids).specific()}


def _says_the_same(unit, content, other, language):
    """Whether a unit's English and translation say the same in two versions of a page."""
    return all(
        u.meaning(unit.spec, u.unit_value(unit, content, code)) == u.meaning(unit.spec, u.unit_value(unit, other, code))
        for code in (u.SOURCE_LANGUAGE, language)
    )


def export_files(*, pages, language, drafts=False):
    """The missing and outdated texts of these pages in one language, as xliff.ExportFile objects.

    Without `drafts`, only published pages and only texts their live version says (see the module's docstring).
    """

    files = []
    states = translation_states(pages, [language])
    live_contents = {} if drafts else _live_contents([state.page for state in states])
    for state in states:
        page = state.page
        if not drafts and not page.live:
            continue
        cell = state.languages[language]
        to_do = cell.missing + cell.outdated
        if page.pk in live_contents:
            to_do = [unit for unit in to_do if _says_the_same(unit, state.content, live_contents[page.pk], language)]
        if not to_do:
            continue
        # The live version's English title: a draft may hold a retitling nobody approved yet.
        page_title = page.get_admin_display_title() if drafts else (getattr(page, f"title_{u.SOURCE_LANGUAGE}") or page.title)
        try:
            url = page.get_url() or ""
        except Exception:  # noqa: BLE001 - a page outside any site still has texts to translate
            url = ""
        export = xliff.ExportFile(page_id=page.pk, title=page_title, url=url, units=[])
        outdated_keys = {unit.key for unit in cell.outdated}
        # Values come from the latest revision: for the texts kept here it says what the live version says, and
        # its StreamField block ids are the ones the import finds.
        for unit, english, _source_hash in (state.english[unit.key] for unit in sorted(to_do, key=_unit_order(state))):
            target = u.unit_value(unit, state.content, language)
            target_hash = u.value_hash(unit.spec, target)
            base_id = f"{page.pk}/{unit.key}"
            if unit.spec.kind == u.BLOCK:
                target_leaves = u.block_texts(unit.spec, target) if unit.key in outdated_keys else {}
                for path, (block, text) in u.block_texts(unit.spec, english).items():
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
                            note=f"{_unit_note(page_title, unit)} – {block.label}",
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
                        note=_unit_note(page_title, unit),
                    )
                )
        files.append(export)
    return files


def _unit_order(state):
    order = {key: index for index, key in enumerate(state.english)}
    return lambda unit: order.get(unit.key, 0)


def export_xliff(*, pages, language, drafts=False):
    """(file bytes, number of texts) of one language's missing and outdated texts of these pages.

    Published versions only, unless `drafts` (for communication managers: see may_export_drafts).
    """

    files = export_files(pages=pages, language=language, drafts=drafts)
    return xliff.write(files, language=language), sum(len(export.units) for export in files)


# Cleaning imported text ---------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did: each list holds (page title or "", unit id, text) tuples for people to read.

    `unchanged` holds texts the page already says as the file does (a file imported twice); `skipped` holds
    texts not translated in the file and those of pages the import left alone (locked, in moderation).
    """

    changed: list = field(default_factory=list)
    confirmed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    rejected: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    published: list = field(default_factory=list)
    drafts: list = field(default_factory=list)

    def merge(self, other):
        for name in ("changed", "confirmed", "unchanged", "rejected", "skipped", "published", "drafts"):
            getattr(self, name).extend(getattr(other, name))


# Elements that may not hold a paragraph or a list in the editor's model: unwrapped around one, keeping their text.
_INLINE_TAGS = ["a", "b", "strong", "i", "em", "u", "s", "span", "font", "code", "small", "sub", "sup", "mark"]
_BLOCK_TAGS = ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "hr"]
# Never text: scripts and styles are dropped whole.
_NOT_TEXT_TAGS = ["script", "style", "template"]
# Text that still looks like a tag once the HTML is read: an unclosed quote or bracket swallowed real markup.
_TAG_LIKE = re.compile(r"<\s*[A-Za-z/!?]")
_ESCAPED_LT = re.compile(r"&(lt|#0*60|#x0*3c);", re.IGNORECASE)


def _words(text):
    return "".join(text.split())


def _repaired_html(html):
    """Sloppy HTML as well-formed HTML the editor's converter reads, and its text (without whitespace).

    Python's HTML parser (through BeautifulSoup) closes what was left open (<p><b>x</p>, <li>a<li>b) and
    knows void elements (<br>); lists get their missing <ul>, inline elements around paragraphs are dropped.
    """
    # Imported here: BeautifulSoup is loaded only when an import repairs HTML, never by serving the site.
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(_NOT_TEXT_TAGS):
        element.decompose()
    for element in soup.find_all(_INLINE_TAGS):
        if element.find(_BLOCK_TAGS) is not None:
            element.unwrap()
    for item in soup.find_all("li"):
        if item.find_parent(["ul", "ol"]) is None:
            item.wrap(soup.new_tag("ul"))
    return str(soup), _words(soup.get_text())


def _sanitised_rich_text(html, features):
    """HTML as the admin's editor would store it: only the field's features survive (no scripts, no styles).

    Sloppy HTML is repaired first; HTML whose text would not survive whole raises ValidationError.
    """

    repaired, text = _repaired_html(html)
    if _TAG_LIKE.search(text) and not _ESCAPED_LT.search(html):
        raise ValidationError(
            translation.gettext(
                "The HTML has a tag that is not closed (a missing “>” or quotation mark): part of it would show as text."
            )
        )
    converter = ContentstateConverter(features if features is not None else feature_registry.get_default_features())
    try:
        result = converter.to_database_format(converter.from_database_format(repaired))
    except Exception:  # noqa: BLE001 - the converter asserts on markup it cannot place; the translator hears why
        logger.info("Rich text the converter cannot read: %r", html[:200], exc_info=True)
        raise ValidationError(
            translation.gettext("The HTML could not be read even after repairing it: check that its tags are closed and nested.")
        ) from None
    if _words(u.rich_text_meaning(result)["text"]) != text:
        raise ValidationError(
            translation.gettext("Cleaning the HTML would lose part of the text: check its tags (for example a CDATA section).")
        )
    return result


def _plain_text(text, form_field):

    text = text.strip()
    if isinstance(form_field, forms.CharField) and not isinstance(getattr(form_field, "widget", None), forms.Textarea):
        # A one-line field: a translation tool's line breaks would not show in the admin's input.
        text = " ".join(text.split())
    max_length = getattr(form_field, "max_length", None)
    if max_length and len(text) > max_length:
        raise ValidationError(
            translation.gettext("The text is longer than the field's %(max)s characters.") % {"max": max_length}
        )
    return text


def _clean_text(unit_or_block, text):
    """The imported text as the field stores it, or ValidationError with the reason."""

    if isinstance(unit_or_block, u.FieldSpec):
        spec = unit_or_block
        if spec.kind == u.RICH_TEXT:
            return _sanitised_rich_text(text, getattr(spec.model_field, "features", None))
        return _plain_text(text, spec.model_field.formfield())
    block = unit_or_block
    if isinstance(block, blocks.RichTextBlock):
        return _sanitised_rich_text(text, block.features)
    return _plain_text(text, getattr(block, "field", None))


def _cleaned(unit_or_block, text):
    """(value, None) or (None, reason): no text from a file raises anything."""
    try:
        return _clean_text(unit_or_block, text), None
    except ValidationError as error:
        return None, " ".join(error.messages)
    except Exception:  # noqa: BLE001 - a text no rule foresaw is a rejected line, never a server error
        logger.exception("An imported text could not be cleaned")
        return None, translation.gettext("The text could not be read.")


# Import ----------------------------------------------------------------------------------------------------


def _file_language(code):
    """A file's target language as this site names it: translation tools write "de-DE" or "DE" for "de"."""
    code = code.strip().replace("_", "-").lower()
    if code not in u.target_languages() and code.split("-")[0] in u.target_languages():
        return code.split("-")[0]
    return code


def import_xliff(*, data, user=None):
    """Fill translations from an XLIFF file exported by export_xliff; never overwrites newer work.

    A text is rejected when its page or field is unknown, when the English text changed since the export,
    when the translation was changed since the export (a conflict: the newer work stays), or when its HTML
    cannot be read or cleaned. A text the page already says (the same file imported again) is unchanged.
    A StreamField is filled only when the file translates every text it has today. Pages that are locked,
    in moderation or scheduled for publishing are skipped. Each page with changes gets one new revision,
    published by the rules of publish_translation, else kept as a draft; an error on one page undoes that
    page only. Raises xliff.XliffError for a file that cannot be read at all, and nothing else.
    """

    units = xliff.read(data)
    report = ImportReport()
    allowed_languages = set(languages_for(user))
    by_page = {}
    for unit in units:
        unit.language = _file_language(unit.language)
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
        page_report = ImportReport()
        try:
            with transaction.atomic():
                _import_page(page, language, page_units, user, page_report)
        except (OperationalError, InterfaceError):
            raise  # the database is gone: the site's outage page says so, not a report full of rejections
        except Exception:  # noqa: BLE001 - the page's transaction is undone; the file's other pages go on
            logger.exception("Importing translations into page %s failed", page.pk)
            reason = translation.gettext(
                "This page could not be imported because of an error on the server; nothing on this page was changed."
            )
            page_report = ImportReport(rejected=[(page.get_admin_display_title(), unit.unit_id, reason) for unit in page_units])
        report.merge(page_report)
    return report


def _why_left_alone(page, user):
    """Why the import must leave a page alone (locked, in moderation, scheduled), or None."""
    if page.locked:
        if page.locked_by_id is not None and user is not None and page.locked_by_id == user.pk:
            return translation.gettext("The page is locked by you: unlock it and import the file again.")
        return translation.gettext("The page is locked: nothing was changed. Import the file again once it is unlocked.")
    if page.workflow_in_progress:
        return translation.gettext(
            "The page is in moderation: nothing was changed. Import the file again once its approval is finished."
        )
    if page.approved_schedule:
        return translation.gettext(
            "The page has a version scheduled for publishing: nothing was changed. Import the file again once it is live."
        )
    return None


def _import_page(page, language, file_units, user, report):
    """One page's texts of one language from a file, in the caller's transaction: checked, then saved as one
    revision and published by the rules of publish_translation (else kept as a draft)."""
    title = page.get_admin_display_title()
    if not _may_import_into(page, language, user):
        report.rejected += [(title, unit.unit_id, translation.gettext("You may not edit this page.")) for unit in file_units]
        return
    # The row is held until the transaction ends: a lock or a submission for moderation cannot slip in between.
    page = Page.objects.select_for_update().get(pk=page.pk)
    left_alone = _why_left_alone(page, user)
    if left_alone:
        report.skipped += [(title, unit.unit_id, left_alone) for unit in file_units]
        return
    plan = _PageImport(page, language, title, report)
    plan.read(file_units)
    plan.save(user)


def _may_import_into(page, language, user):
    """Whether `user` (None for the command line) may write `language` on `page`."""
    if user is None:
        return True
    restriction = translation_restriction(user, page)
    return page.permissions_for_user(user).can_edit() and (restriction is None or language in restriction)


class _PageImport:
    """What a file changes on one page in one language: the texts it fills, the ones it confirms as still
    right (outdated marks cleared), and the report's lines for each."""

    def __init__(self, page, language, title, report):
        self.page, self.language, self.title, self.report = page, language, title, report
        self.page_object = page.specific.get_latest_revision_as_object()
        self.content = latest_content(page.specific)
        self.known = {unit.key: unit for unit in u.units_of(type(self.page_object), self.content)}
        (state,) = translation_states([page], [language])
        self.outdated = {unit.key for unit in state.languages[language].outdated}
        self.new_values, self.confirmed = {}, set()
        self.changed_entries, self.confirmed_entries = [], []

    def reject(self, file_unit, reason):
        self.report.rejected.append((self.title, file_unit.unit_id, reason))

    def skip(self, file_unit, reason):
        self.report.skipped.append((self.title, file_unit.unit_id, reason))

    def read(self, file_units):
        """Sort the file's units for this page into new values, confirmations and report lines."""
        streams = {}
        for file_unit in file_units:
            unit = self.known.get(file_unit.unit_key)
            if unit is None or bool(file_unit.block_path) != (unit.spec.kind == u.BLOCK):
                self.reject(file_unit, translation.gettext("This page has no such field."))
            elif file_unit.target is False:
                self.reject(
                    file_unit, translation.gettext("The translation contains XLIFF inline markup; keep rich text as HTML text.")
                )
            elif unit.spec.kind == u.BLOCK:
                streams.setdefault(unit.key, (unit, []))[1].append(file_unit)
            else:
                self._read_field(file_unit, unit)
        for key, (unit, leaves) in streams.items():
            _import_stream(
                self.page, self.title, self.language, unit, leaves, self.content, key in self.outdated, self.report,
                self.new_values, self.confirmed,
            )  # fmt: skip
        # A StreamField's block is reported as one text, after the page's other fields.
        stream_keys = [key for key in self.known if key in streams]
        self.changed_entries += [self._entry(key) for key in stream_keys if key in self.new_values]
        self.confirmed_entries += [self._entry(key) for key in stream_keys if key in self.confirmed]

    def _entry(self, key):
        return (self.title, f"{self.page.pk}/{key}", str(self.known[key].spec.label))

    def _read_field(self, file_unit, unit):
        """One plain or rich text field's unit."""
        english = u.unit_value(unit, self.content, u.SOURCE_LANGUAGE)
        current = u.unit_value(unit, self.content, self.language)
        if file_unit.source_hash != u.value_hash(unit.spec, english):
            self.reject(file_unit, translation.gettext("The English text changed since the export: export it again."))
            return
        if not (file_unit.target or "").strip() or file_unit.state in xliff.NOT_TRANSLATED_STATES:
            self.skip(file_unit, translation.gettext("Not translated in the file."))
            return
        value, problem = _cleaned(unit.spec, file_unit.target)
        if problem:
            self.reject(file_unit, problem)
            return
        if u.is_empty(unit.spec, value):
            self.skip(file_unit, translation.gettext("Not translated in the file."))
            return
        same = u.meaning(unit.spec, value) == u.meaning(unit.spec, current)
        entry = (self.title, file_unit.unit_id, str(unit.spec.label))
        if file_unit.target_hash != u.value_hash(unit.spec, current):
            # The translation changed since the export: by this very file (imported before), or by someone else.
            if same:
                self.report.unchanged.append((self.title, file_unit.unit_id, translation.gettext("The page already says this.")))
            else:
                self.reject(
                    file_unit, translation.gettext("The translation was changed since the export; the newer one is kept.")
                )
        elif same and unit.key not in self.outdated:
            self.report.unchanged.append((self.title, file_unit.unit_id, translation.gettext("The page already says this.")))
        elif same and file_unit.state in xliff.UNREVIEWED_STATES:
            self.skip(file_unit, translation.gettext("Unchanged and not marked as reviewed."))
        elif same:
            self.confirmed.add(unit.key)
            self.confirmed_entries.append(entry)
        else:
            self.new_values[unit.key] = (unit, value)
            self.changed_entries.append(entry)

    def save(self, user):
        """Write what was read: a confirmation only, or a new revision that must be valid as a whole."""
        if not self.new_values and not self.confirmed:
            return
        confirmed_units = {(key, self.language) for key in [*self.new_values, *self.confirmed]}
        if not self.new_values:
            record_translations(
                page=self.page.specific, user=user, confirmed_languages=[self.language], confirmed_units=confirmed_units
            )
            self.report.confirmed += self.confirmed_entries
            return
        page_object = self.page_object
        for unit, value in self.new_values.values():
            u.set_unit_value(page_object, unit, self.language, value)
        try:
            page_object.full_clean()
        except ValidationError as error:
            reason = translation.gettext("The page would not be valid with these translations: %(errors)s") % {
                "errors": " ".join(error.messages)
            }
            self.report.rejected += [
                (title, unit_id, reason) for title, unit_id, _label in self.changed_entries + self.confirmed_entries
            ]
            return
        self.report.changed += self.changed_entries
        self.report.confirmed += self.confirmed_entries
        # Saving in the source language: whatever the importer's admin language, the page's admin title
        # (draft_title, copied from `title`) and its language-less columns stay English.
        with translation.override(u.SOURCE_LANGUAGE):
            if not page_object.live:
                page_object.save()
            page_object.save_revision(user=user, log_action=True, clean=False)
        page = Page.objects.get(pk=self.page.pk)
        record_translations(page=page.specific, user=user, confirmed_languages=[self.language], confirmed_units=confirmed_units)
        published, reason = publish_translation(page=page, languages=[self.language], user=user)
        if published:
            self.report.published.append(self.title)
        else:
            self.report.drafts.append((self.title, reason))


def _import_stream(page, title, language, unit, leaves, content, is_outdated, report, new_values, confirmed):
    """One StreamField block's texts from a file: filled only when the file translates every text it has today."""
    english = u.unit_value(unit, content, u.SOURCE_LANGUAGE)
    current = u.unit_value(unit, content, language)
    english_leaves = u.block_texts(unit.spec, english)
    unit_id = f"{page.pk}/{unit.key}"
    texts, problems, untranslated = {}, [], []
    for leaf in leaves:
        block_and_text = english_leaves.get(leaf.block_path)
        if block_and_text is None or u.leaf_hash(block_and_text[0], block_and_text[1]) != leaf.source_hash:
            problems.append((leaf, translation.gettext("The English text changed since the export: export it again.")))
        elif not (leaf.target or "").strip() or leaf.state in xliff.NOT_TRANSLATED_STATES:
            untranslated.append(leaf)
        else:
            value, problem = _cleaned(block_and_text[0], leaf.target)
            if problem:
                problems.append((leaf, problem))
            else:
                texts[leaf.block_path] = value
    if not texts and not problems:
        report.skipped += [(title, leaf.unit_id, translation.gettext("Not translated in the file.")) for leaf in untranslated]
        return
    missing = set(english_leaves) - set(texts)
    value = None if problems or missing else u.stream_with_texts(unit.spec.stream_block, [english], texts)[0]
    same = value is not None and u.meaning(unit.spec, value) == u.meaning(unit.spec, current)
    if any(leaf.target_hash != u.value_hash(unit.spec, current) for leaf in leaves):
        if same:
            report.unchanged.append((title, unit_id, translation.gettext("The page already says this.")))
        else:
            conflict = translation.gettext("The translation was changed since the export; the newer one is kept.")
            report.rejected += [(title, leaf.unit_id, conflict) for leaf in leaves]
        return
    if value is None:
        for leaf, reason in problems:
            report.rejected.append((title, leaf.unit_id, reason))
        report.rejected += [(title, leaf.unit_id, translation.gettext("Not translated in the file.")) for leaf in untranslated]
        reason = translation.ngettext(
            "Not filled: %(count)s text of this field has no usable translation in the file.",
            "Not filled: %(count)s texts of this field have no usable translation in the file.",
            len(missing),
        ) % {"count": len(missing)}
        report.rejected += [(title, leaf.unit_id, reason) for leaf in leaves if leaf.block_path in texts]
        return
    if same and not is_outdated:
        report.unchanged.append((title, unit_id, translation.gettext("The page already says this.")))
    elif same:
        if all(leaf.state in xliff.UNREVIEWED_STATES for leaf in leaves):
            report.skipped.append((title, unit_id, translation.gettext("Unchanged and not marked as reviewed.")))
        else:
            confirmed.add(unit.key)
    else:
        new_values[unit.key] = (unit, value)
