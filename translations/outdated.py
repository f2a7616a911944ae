"""What changed in the English text since a translation was made: shown to translators beside each
outdated field of the edit view, so that they see what to change without comparing revisions."""

import difflib

from django.utils.translation import gettext as _
from wagtail.models import Page

from translations import units as u
from translations.models import TranslationSource
from translations.states import translation_states

SAME, REMOVED, ADDED = "=", "-", "+"


def word_diff(old, new):
    """[(op, text)]: the words of `old` and `new` as runs that stayed (=), went (-) and came (+)."""
    old_words, new_words = old.split(), new.split()
    runs = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            runs.append((SAME, " ".join(old_words[old_start:old_end])))
            continue
        if old_end > old_start:
            runs.append((REMOVED, " ".join(old_words[old_start:old_end])))
        if new_end > new_start:
            runs.append((ADDED, " ".join(new_words[new_start:new_end])))
    return runs


def outdated_notes(page, languages):
    """For the edit view: one note per outdated translated text of `page` in `languages`.

    Each note names where the text is in the form (the field, and a StreamField block or an inline child)
    and the word diff of the English text from the one the translation was made from to today's.
    """
    page = Page.objects.get(pk=page.pk)
    (state,) = translation_states([page], languages)
    outdated = [(code, unit) for code, cell in state.languages.items() for unit in cell.outdated]
    if not outdated:
        return []
    recorded = {
        (record.unit, record.language): record.source_text
        for record in TranslationSource.objects.filter(page=page, language__in=languages)
    }
    notes = []
    for code, unit in outdated:
        _unit, english, _hash = state.english[unit.key]
        before = recorded.get((unit.key, code), "")
        notes.append(
            {
                "language": code,
                "field": unit.spec.column(code),
                "relation": unit.spec.relation,
                "child": unit.child_pk,
                "block": unit.block_id,
                "label": _("The English text changed after this translation was made. What changed:")
                if before
                else _("The English text changed after this translation was made."),
                "diff": word_diff(before, u.plain_text(unit.spec, english)) if before else [],
            }
        )
    return notes
