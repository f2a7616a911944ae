"""Dates and time zones of an agenda as CLDR words them in the visitor's language (with Babel).

Django's own translations write some weekday and month names in capitals where the languages do not
(Croatian "Ponedjeljak", Polish "Poniedziałek", Italian "Ottobre") and know no names for time zones; CLDR,
the reference that operating systems and browsers use, has both for every language of the site.
"""

import datetime
import zoneinfo

from babel.dates import format_date, get_timezone_name
from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html

register = template.Library()


def _locale():
    return translation.to_locale(translation.get_language() or "en")


@register.filter
def cldr_date(value, width="full"):
    """A date in the visitor's language as CLDR writes it: "full" is "ponedjeljak, 15. listopada 2018."."""
    if not value:
        return ""
    return format_date(value, format=width, locale=_locale())


@register.filter
def time_zone_in_words(zone_name):
    """A time zone's name in the visitor's language, for example "srednjoeuropsko vrijeme" for Europe/Zagreb.

    The generic name (not "… summer time"): it holds for every time of the agenda, on either side of a
    change to or from summer time.
    """
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return zone_name or ""
    if "/" not in zone_name or zone_name.startswith("Etc/"):
        # Zones of no place ("UTC", "Etc/GMT-2"): CLDR's words for them read "Unknown Region (UTC) Time".
        offset = datetime.datetime.now(zone).utcoffset()
        return "UTC" if not offset else zone_name
    return get_timezone_name(zone, width="long", locale=_locale())


@register.filter
def in_lang(text, lang):
    """Text from the agenda marked with the language it is shown in, where that is not the page's (an agenda not
    yet translated shows in English): a labelled line ("For: …") keeps its label in the visitor's language."""
    if not lang:
        return conditional_escape(text)
    return format_html('<span lang="{}">{}</span>', lang, text)
