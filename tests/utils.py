"""Helpers for tests: posting Wagtail admin forms, counting a page's queries."""

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def translated_values(page, *fields):
    return {f"{field}_{code}": getattr(page, f"{field}_{code}") or "" for field in fields for code in LANGUAGE_CODES}


def empty_streams(*fields):
    return {f"{field}_{code}": streamfield([]) for field in fields for code in LANGUAGE_CODES}


def partner_form_data(partner_page, **overrides):
    """The admin edit form of a partner page as the browser would post it, with overrides."""
    data = {
        **translated_values(partner_page, "title", "slug", "town"),
        **empty_streams("description", "pilot_actions"),
        "short_name": partner_page.short_name,
        "kind": partner_page.kind,
        "role": partner_page.role,
        "country": partner_page.country,
        "latitude": str(partner_page.latitude or ""),
        "longitude": str(partner_page.longitude or ""),
        "website": partner_page.website,
        "contacts": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def event_form_data(event, **overrides):
    """The admin edit form of an event page (agendas emptied), with overrides."""
    data = {
        **translated_values(event, "title", "slug", "summary"),
        **empty_streams("body", "agenda"),
        "event_type": str(event.event_type_id),
        "status": event.status,
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "date_precision": event.date_precision,
        "time_zone": event.time_zone,
        "host_partners": [str(partner.pk) for partner in event.host_partners.all()],
        "registration_url": event.registration_url,
        "registration_deadline": "",
        "venues": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def list_block(items):
    """ListBlock form data: a count and one numbered entry per item."""
    return {
        "count": len(items),
        **{str(index): {"deleted": "", "order": str(index), "id": "", "value": item} for index, item in enumerate(items)},
    }


def agenda_slot_form(start, end, title, *, audience="", kind="session", sub_items=()):
    return {
        "start": start,
        "end": end,
        "kind": kind,
        "title": title,
        "description": "",
        "sub_items": list_block(list(sub_items)),
        "audience": audience,
        "venue": "",
    }


def count_queries(client, url):
    """The SQL queries of rendering a page afresh: the whole-page cache off, the fragment caches (menu,
    footer, filter choices) warmed by a first request, as on a running site."""
    with override_settings(INDUCULT_PAGE_CACHE_SECONDS=0):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


class RecordingFrontendCache:
    """A front-end cache backend (CDN) that only records the URLs it is asked to purge."""

    purged = []

    def __init__(self, params):
        self.hostnames = ["*"]

    def invalidates_hostname(self, hostname):
        return True

    def purge(self, url):
        RecordingFrontendCache.purged.append(url)

    def purge_batch(self, urls):
        for url in urls:
            self.purge(url)


def standard_page_form_data(page, **overrides):
    """The admin edit form of a standard page (body emptied), with overrides."""
    data = {**translated_values(page, "title", "slug", "intro"), **empty_streams("body")}
    data.update(overrides)
    return nested_form_data(data)


def publication_form_data(publication, **overrides):
    """The admin edit form of a publication page (no files), with overrides."""
    data = {
        **translated_values(publication, "title", "slug"),
        **{f"abstract_{code}": rich_text(getattr(publication, f"abstract_{code}") or "") for code in LANGUAGE_CODES},
        "publication_type": str(publication.publication_type_id),
        "output_code": publication.output_code,
        "publication_date": publication.publication_date.isoformat(),
        "work_package": str(publication.work_package_id or ""),
        "authoring_partners": [str(partner.pk) for partner in publication.authoring_partners.all()],
        "authors": publication.authors,
        "cover_image": "",
        "online_url": publication.online_url,
        "licence": publication.licence,
        "files": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def page_form_data(page, **overrides):
    """The admin edit form of a partner, standard, event or publication page, with overrides."""
    builders = {
        "partnerpage": partner_form_data,
        "standardpage": standard_page_form_data,
        "eventpage": event_form_data,
        "publicationpage": publication_form_data,
    }
    page = page.specific
    return builders[type(page).__name__.lower()](page, **overrides)
