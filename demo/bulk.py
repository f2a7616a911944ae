"""A large dataset for the benchmark (`make bench`): many partners, events with full agendas and
publications with files, added to the demo site. Every generated text says it is an example."""

import contextlib
import datetime
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.documents.models import Document
from wagtail.models import Page
from wagtail.signal_handlers import update_reference_index_on_save

from demo.pdf import one_page_pdf
from events.models import EventIndexPage, EventPage, EventType, EventVenue
from partners.models import Country, PartnerIndexPage, PartnerPage
from publications.models import PublicationFile, PublicationIndexPage, PublicationPage, PublicationType
from sitesearch import indexing as search_index
from sitesearch import signals as search_signals
from sitesearch.models import DocumentText
from workpackages.models import WorkPackagePage


def add_children_quickly(parent, pages, index=True):
    """Add many pages under one parent.

    `add_child` runs wagtail-modeltranslation's slug check against every sibling, which makes
    thousands of children take many minutes; generated pages have unique slugs, so they are saved
    without it. With `index=False` they are left out of the search and reference indexes too (two
    thirds of the time a page save takes).
    """
    last = parent.get_last_child()
    path = last.path if last else None
    locale = parent.locale
    with contextlib.ExitStack() as stack:
        if not index:
            stack.enter_context(search_signals.paused())
            for model in {type(page) for page in pages}:
                stack.enter_context(_without_indexing(model))
        for page in pages:
            path = Page._get_path(parent.path, parent.depth + 1, 1) if path is None else _next_path(path)
            page.path, page.depth, page.numchild = path, parent.depth + 1, 0
            page.locale = locale
            page.live = True
            page.save(clean=False)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.refresh_from_db()
    return pages


@contextlib.contextmanager
def _without_indexing(model):
    handlers = [post_save_signal_handler, update_reference_index_on_save]
    disconnected = [handler for handler in handlers if post_save.disconnect(handler, sender=model)]
    try:
        yield
    finally:
        for handler in disconnected:
            post_save.connect(handler, sender=model)


def _next_path(path):
    step = Page.steplen
    key = Page._int2str(Page._str2int(path[-step:]) + 1)
    return f"{path[:-step]}{key.rjust(step, Page.alphabet[0])}"


def agenda(date, slots):
    return [
        (
            "day",
            {
                "date": date,
                "town": "Example town",
                "slots": [
                    {
                        "start": datetime.time(8 + number // 3, (number % 3) * 20),
                        "end": datetime.time(8 + number // 3, (number % 3) * 20 + 15),
                        "kind": "session",
                        "title": f"Example session {number + 1}",
                        "description": "",
                        "sub_items": [],
                        "audience": "",
                        "venue": "",
                    }
                    for number in range(slots)
                ],
            },
        )
    ]


@transaction.atomic
def add_large_dataset(partners=100, events=2000, publications=5000, slots=20, translated_every=3):
    """Grow the demo site to `partners` partners, and add `events` events and `publications`
    publications, a third of them with German titles and summaries."""
    partner_index = PartnerIndexPage.objects.get()
    countries = itertools.cycle([code for code, _label in Country.choices])
    existing = PartnerPage.objects.count()
    new_partners = add_children_quickly(
        partner_index,
        [
            PartnerPage(
                title=f"Example partner {number}",
                slug=f"example-partner-{number}",
                short_name=f"EX{number}",
                country=next(countries),
                kind="region" if number % 4 else "academic",
                role="partner",
                town="Example town",
                latitude=Decimal("50.0") + Decimal(number) / 100,
                longitude=Decimal("12.0") + Decimal(number) / 100,
            )
            for number in range(existing, partners)
        ],
        index=False,
    )
    all_partners = list(PartnerPage.objects.order_by("path"))
    event_types = list(EventType.objects.all())
    event_index = EventIndexPage.objects.get()
    start = datetime.date(2016, 6, 1)
    generated_events = []
    for number in range(events):
        day = start + datetime.timedelta(days=(number * 2) % 4000)
        german = number % translated_every == 0
        generated_events.append(
            EventPage(
                title=f"Example event {number}",
                title_de=f"Beispielveranstaltung {number}" if german else None,
                slug=f"example-event-{number}",
                event_type=event_types[number % len(event_types)],
                start_date=day,
                end_date=day,
                time_zone="Europe/Berlin",
                summary="An example event of the benchmark dataset.",
                summary_de="Eine Beispielveranstaltung des Benchmark-Datensatzes." if german else "",
                agenda=agenda(day, slots),
            )
        )
    # Half below the event index, half below their host partner, as on the real site.
    add_children_quickly(event_index, generated_events[::2], index=False)
    for partner, batch in _spread(generated_events[1::2], all_partners):
        add_children_quickly(partner, batch, index=False)
    EventVenue.objects.bulk_create(
        EventVenue(event=event, name="Example venue", town="Example town", country="DE") for event in generated_events
    )
    hosts = EventPage.host_partners.through
    hosts.objects.bulk_create(
        hosts(eventpage_id=event.pk, partnerpage_id=all_partners[number % len(all_partners)].pk)
        for number, event in enumerate(generated_events)
    )

    publication_types = list(PublicationType.objects.all())
    work_packages = list(WorkPackagePage.objects.all())
    library = PublicationIndexPage.objects.get()
    generated_publications = []
    for number in range(publications):
        german = number % translated_every == 0
        generated_publications.append(
            PublicationPage(
                title=f"Example publication {number}",
                title_de=f"Beispielpublikation {number}" if german else None,
                slug=f"example-publication-{number}",
                publication_type=publication_types[number % len(publication_types)],
                work_package=work_packages[number % len(work_packages)],
                publication_date=start + datetime.timedelta(days=number % 1100),
                authors="Example, Author",
                abstract="<p>An example publication of the benchmark dataset.</p>",
            )
        )
    add_children_quickly(library, generated_publications[::2], index=False)
    for partner, batch in _spread(generated_publications[1::2], all_partners):
        add_children_quickly(partner, batch, index=False)
    content = one_page_pdf(["Example document"])
    pdf = Document(title="Example document", file_size=len(content))
    pdf.file.save("example-benchmark-document.pdf", ContentFile(content), save=True)
    documents = Document.objects.bulk_create(
        Document(title=f"Example document {number}", file=pdf.file.name, file_size=pdf.file_size, collection_id=pdf.collection_id)
        for number in range(publications)
    )
    PublicationFile.objects.bulk_create(
        PublicationFile(publication=publication, language="en", document=document)
        for publication, document in zip(generated_publications, documents, strict=True)
    )
    # The same file each time: its text is read once (on saving the first) and stored for every copy.
    text = DocumentText.objects.get(document=pdf)
    DocumentText.objects.bulk_create(
        DocumentText(document=document, text=text.text, status=text.status, pages=text.pages) for document in documents
    )
    authors = PublicationPage.authoring_partners.through
    authors.objects.bulk_create(
        authors(publicationpage_id=publication.pk, partnerpage_id=all_partners[number % len(all_partners)].pk)
        for number, publication in enumerate(generated_publications)
    )
    search_index.rebuild()
    return {"partners": len(new_partners), "events": len(generated_events), "publications": len(generated_publications)}


def _spread(items, owners):
    """Deal items out to owners in turn, one batch per owner."""
    batches = {}
    for number, item in enumerate(items):
        batches.setdefault(owners[number % len(owners)].pk, []).append(item)
    by_pk = {owner.pk: owner for owner in owners}
    return [(by_pk[pk], batch) for pk, batch in batches.items()]
