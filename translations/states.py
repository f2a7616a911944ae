"""The state of every page's translations, per language: complete, partial, missing or outdated."""

from dataclasses import dataclass, field

from wagtail.models import Page

from translations import units as u
from translations.models import TranslationSource

# The states of one page in one language, worst first.
MISSING, OUTDATED, PARTIAL, COMPLETE, NOTHING = "missing", "outdated", "partial", "complete", "nothing"


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
