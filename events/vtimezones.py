"""VTIMEZONE components that every calendar program reads alike: yearly rules (RRULE), as the tz database's own
iCalendar exports write them, worked out from the zone's real transitions in the years a calendar needs.

icalendar's own `add_missing_timezones` lists every change since 1970 as an RDATE: parsers that follow the
embedded definition (vobject, dateutil) then read summer times an hour off, and Outlook ignores RDATE in a
VTIMEZONE altogether. A yearly rule is what they all understand.
"""

import calendar
import datetime
import zoneinfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
UTC = datetime.UTC


def _offset(zone, instant):
    return instant.astimezone(zone).utcoffset()


def _transitions(zone, start, end):
    """Each instant (UTC) in [start, end) at which the zone's offset from UTC changes, to the second."""
    found = []
    step = datetime.timedelta(hours=12)  # zones never change twice within half a day
    before, offset_before = start, _offset(zone, start)
    while before < end:
        after = min(before + step, end)
        offset_after = _offset(zone, after)
        if offset_after != offset_before:
            # Bisect down to the second: the change lies in (low, high].
            low, high = before, after
            while high - low > datetime.timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if _offset(zone, middle) == offset_before:
                    low = middle
                else:
                    high = middle
            found.append(high)
        before, offset_before = after, offset_after
    return found


def _yearly_rule(onset):
    """BYMONTH and BYDAY of a local date: "-1SU" for the last Sunday of its month, else "2SU" for the second, …"""
    days_in_month = calendar.monthrange(onset.year, onset.month)[1]
    weekday = WEEKDAYS[onset.weekday()]
    nth = -1 if onset.day + 7 > days_in_month else (onset.day - 1) // 7 + 1
    return onset.month, f"{nth}{weekday}"


def _change(zone, instant):
    """One transition as what a VTIMEZONE observance says: its kind, offsets, name and local onset."""
    offset_from = _offset(zone, instant - datetime.timedelta(seconds=1))
    local = instant.astimezone(zone)
    # An observance's DTSTART is the local time in the offset in force before the change (RFC 5545, 3.6.5).
    onset = (instant + offset_from).replace(tzinfo=None)
    return {
        "daylight": bool(local.dst()),
        "offset_from": offset_from,
        "offset_to": local.utcoffset(),
        "name": local.tzname(),
        "onset": onset,
        "instant": instant,
    }


def _rule_key(change):
    return (
        change["daylight"],
        change["offset_from"],
        change["offset_to"],
        change["name"],
        *_yearly_rule(change["onset"]),
        change["onset"].time(),
    )


def _observance(change, *, offset_from=None):
    observance = TimezoneDaylight() if change["daylight"] else TimezoneStandard()
    observance.add("dtstart", change["onset"])
    observance.add("tzoffsetfrom", offset_from if offset_from is not None else change["offset_from"])
    observance.add("tzoffsetto", change["offset_to"])
    if change["name"]:
        observance.add("tzname", change["name"])
    return observance


def vtimezone(zone_name, first_year, last_year):
    """A VTIMEZONE for `zone_name` that is right for every local time from `first_year` to `last_year`.

    Consecutive years that change at the same rule (for example the last Sunday of March at 02:00) become one
    observance with a yearly RRULE; a rule that ended before the last year gets an UNTIL; a zone without
    changes gets one fixed observance.
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    # From the year before (so that the first months are covered by last year's change) to the year after
    # (so that a rule still in force is written open-ended, as the tz database's exports do).
    start = datetime.datetime(first_year - 1, 1, 1, tzinfo=UTC)
    end = datetime.datetime(last_year + 2, 1, 1, tzinfo=UTC)
    changes = [_change(zone, instant) for instant in _transitions(zone, start, end)]

    component = Timezone()
    component.add("tzid", zone_name)
    if not changes or changes[0]["instant"] > datetime.datetime(first_year, 1, 1, tzinfo=UTC):
        # Nothing changes early enough in the scanned years: what is in force at their start, from then on.
        local = start.astimezone(zone)
        fixed = {"daylight": bool(local.dst()), "offset_from": local.utcoffset(), "offset_to": local.utcoffset()}
        component.add_component(_observance({**fixed, "name": local.tzname(), "onset": local.replace(tzinfo=None)}))

    # Runs of the same rule in consecutive years, in order of their first change.
    runs = []
    open_runs = {}
    for change in changes:
        key = _rule_key(change)
        run = open_runs.get(key)
        if run is not None and change["onset"].year == run[-1]["onset"].year + 1:
            run.append(change)
        else:
            run = [change]
            open_runs[key] = run
            runs.append(run)
    last_scanned_year = last_year + 1
    for run in runs:
        observance = _observance(run[0])
        if len(run) > 1:
            month, byday = _yearly_rule(run[0]["onset"])
            rule = {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": byday}
            if run[-1]["onset"].year < last_scanned_year:
                # The rule ended. UNTIL is in UTC (RFC 5545, 3.6.5), but dateutil (and so vobject) reads it as local
                # time: a day after the last change bounds the rule in either reading, long before the next year's.
                rule["UNTIL"] = run[-1]["instant"] + datetime.timedelta(days=1)
            observance.add("rrule", rule)
        component.add_component(observance)
    return component
