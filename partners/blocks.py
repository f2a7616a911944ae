from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class PilotActionStatus:
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    CHOICES = [(PLANNED, _("Planned")), (ONGOING, _("Ongoing")), (COMPLETED, _("Completed"))]


class PilotActionValue(blocks.StructValue):
    def status_label(self):
        return dict(PilotActionStatus.CHOICES).get(self.get("status"), "")


class PilotActionBlock(blocks.StructBlock):
    """A pilot action a partner carries out in its region."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    summary = blocks.TextBlock(label=_("Summary"), required=False)
    status = blocks.ChoiceBlock(
        label=_("Status"),
        choices=PilotActionStatus.CHOICES,
        required=False,
        help_text=_("Leave empty where it is not known, for example for a finished project whose results are not recorded."),
    )

    class Meta:
        icon = "pick"
        label = _("Pilot action")
        value_class = PilotActionValue
        template = "blocks/pilot_action_block.html"


class PilotActionsStreamBlock(blocks.StreamBlock):
    pilot_action = PilotActionBlock()
