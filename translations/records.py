"""What each translation was made from: recorded on every saved revision, read by the states.

**State follows the latest revision**, the version the admin's edit view opens: a translation saved as a
draft counts as done, and an English change saved as a draft already marks its translations outdated.
Recording happens on every save of a revision, so the record always describes a revision.
"""

from wagtail.models import Page

from translations import units as u
from translations.models import TranslationSource


def latest_content(page):
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
    content = content if content is not None else latest_content(page)
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
        source_text = u.plain_text(unit.spec, english)
        for code in languages:
            target = u.unit_value(unit, content, code)
            if u.is_empty(unit.spec, target):
                continue
            keep.add((unit.key, code))
            target_hash = u.value_hash(unit.spec, target)
            record = existing.get((unit.key, code))
            confirmed = code in confirmed_languages and (confirmed_units is None or (unit.key, code) in confirmed_units)
            if confirmed or (record is not None and record.target_hash != target_hash):
                made_from, made_from_text = source_hash, source_text
            elif record is not None:
                continue
            else:
                made_from, made_from_text = source_hash, source_text
                if previous_content is not None:
                    previous_target = u.unit_value(unit, previous_content, code)
                    previous_english = u.unit_value(unit, previous_content, u.SOURCE_LANGUAGE)
                    if u.value_hash(unit.spec, previous_target) == target_hash and not u.is_empty(unit.spec, previous_english):
                        made_from = u.value_hash(unit.spec, previous_english)
                        made_from_text = u.plain_text(unit.spec, previous_english)
            if record is None or (record.source_hash, record.target_hash) != (made_from, target_hash):
                write.append(
                    TranslationSource(
                        page_id=page.pk,
                        unit=unit.key,
                        language=code,
                        source_hash=made_from,
                        source_text=made_from_text,
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
            update_fields=["source_hash", "source_text", "target_hash", "recorded_at", "recorded_by"],
        )
    return len(write)


def record_made_from(*, page, unit_key, language, english_text):
    """Record that a translation was made from an older English text (the demo's outdated example)."""
    page = page.specific
    content = latest_content(page)
    unit = next(unit for unit in u.units_of(type(page), content) if unit.key == unit_key)
    target = u.unit_value(unit, content, language)
    TranslationSource.objects.update_or_create(
        page=page,
        unit=unit_key,
        language=language,
        defaults={
            "source_hash": u.value_hash(unit.spec, u.raw_value(unit.spec, english_text)),
            "source_text": u.plain_text(unit.spec, u.raw_value(unit.spec, english_text)),
            "target_hash": u.value_hash(unit.spec, target),
        },
    )
