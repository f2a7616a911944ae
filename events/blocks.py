"""The agenda: days holding time slots; slots at the same time for different audiences are parallel strands."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

SLOT_KINDS = [
    ("session", _("Session")),
    ("break", _("Break")),
    ("meal", _("Meal")),
    ("study_tour", _("Study tour")),
    ("transfer", _("Transfer")),
    ("social", _("Social")),
]
# Kinds whose slots their titles name ("Lunch", "Coffee break"): a label would say it twice ("Lunch MEAL").
KINDS_NAMED_BY_TITLE = {"break", "meal"}


class AgendaSlotValue(blocks.StructValue):
    def kind_label(self):
        return dict(SLOT_KINDS).get(self.get("kind"), "")

    def shown_kind_label(self):
        """The kind's label where it tells the visitor more than the title: not for breaks and meals, and not
        where the title already names the kind ("Pre-meeting study tour: …"), in the visitor's language or in
        English (an untranslated agenda shows English titles)."""
        label = self.kind_label()
        if not label or self.get("kind") in KINDS_NAMED_BY_TITLE:
            return ""
        title = (self.get("title") or "").casefold()
        with translation.override("en"):
            english = str(label)
        if str(label).casefold() in title or english.casefold() in title:
            return ""
        return label

    def ends(self):
        """When the slot ends; a slot without an end time is taken to end when it starts."""
        return self.get("end") or self.get("start")


class AgendaSlotBlock(blocks.StructBlock):
    start = blocks.TimeBlock(label=_("Start"), format="%H:%M")
    end = blocks.TimeBlock(label=_("End"), required=False, format="%H:%M", help_text=_("Optional, for example for a dinner."))
    kind = blocks.ChoiceBlock(label=_("Kind"), choices=SLOT_KINDS, default="session")
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)
    sub_items = blocks.ListBlock(blocks.CharBlock(label=_("Item"), max_length=200), label=_("Bulleted items"), default=[])
    audience = blocks.CharBlock(
        label=_("Audience"),
        required=False,
        max_length=120,
        help_text=_(
            "Who this slot is for, when not everyone, for example “Partner coordinators”. "
            "Slots at the same time for different audiences are shown side by side."
        ),
    )
    venue = blocks.CharBlock(
        label=_("Venue"), required=False, max_length=200, help_text=_("Where, if not the day's usual venue.")
    )

    class Meta:
        icon = "time"
        label = _("Time slot")
        value_class = AgendaSlotValue

    def clean(self, value):
        value = super().clean(value)
        # A draft may leave the start (or the end) empty: Wagtail defers required fields for drafts and autosaves.
        start, end = value.get("start"), value.get("end")
        if start is not None and end is not None and end <= start:
            raise StructBlockValidationError(block_errors={"end": ValidationError(_("The slot ends before it starts."))})
        return value


class AgendaDayValue(blocks.StructValue):
    def slot_groups(self):
        """The day's slots in time order, overlapping slots grouped together as parallel strands.

        A draft's slot without a start time (previewed before it is complete) comes last, on its own.
        """
        slots = list(self.get("slots") or [])
        timed = sorted((slot for slot in slots if slot.get("start") is not None), key=lambda slot: slot["start"])
        groups, group_end = [], None
        for slot in timed:
            if groups and slot["start"] < group_end:
                groups[-1].append(slot)
                group_end = max(group_end, slot.ends())
            else:
                groups.append([slot])
                group_end = slot.ends()
        groups += [[slot] for slot in slots if slot.get("start") is None]
        return groups


def audience_key(slot):
    return (slot.get("audience") or "").strip().casefold()


def overlapping_slots_for_the_same_audience(slots):
    """Indexes of slots that overlap an earlier slot for the same audience (no audience means everyone).

    A slot without a start time (a draft's) overlaps nothing: it has no time yet.
    """
    clashes = {}
    for later_index, later in enumerate(slots):
        if later.get("start") is None:
            continue
        for earlier in slots[:later_index]:
            if earlier.get("start") is None:
                continue
            same_audience = audience_key(earlier) == audience_key(later)
            if not same_audience:
                continue
            overlap = (later["start"] < earlier.ends() and earlier["start"] < later.ends()) or earlier["start"] == later["start"]
            if overlap:
                clashes[later_index] = earlier
    return clashes


class AgendaDayBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"))
    town = blocks.CharBlock(
        label=_("Town"),
        required=False,
        max_length=120,
        help_text=_("Where the day takes place; a meeting may move between towns."),
    )
    slots = blocks.ListBlock(AgendaSlotBlock(), label=_("Time slots"))

    class Meta:
        icon = "date"
        label = _("Day")
        value_class = AgendaDayValue
        template = "blocks/agenda_day_block.html"

    def clean(self, value):
        value = super().clean(value)
        clashes = overlapping_slots_for_the_same_audience(list(value.get("slots") or []))
        if clashes:
            errors = {
                index: StructBlockValidationError(
                    block_errors={
                        "start": ValidationError(
                            _("This slot overlaps “%(title)s” for the same audience. Give parallel slots different audiences.")
                            # A draft's slot may have no title yet: name it by its time instead.
                            % {"title": earlier.get("title") or earlier["start"].strftime("%H:%M")}
                        )
                    }
                )
                for index, earlier in clashes.items()
            }
            raise StructBlockValidationError(block_errors={"slots": ListBlockValidationError(block_errors=errors)})
        return value


class AgendaStreamBlock(blocks.StreamBlock):
    day = AgendaDayBlock()
