"""The project's work packages: their index, and one page per work package with its outputs and results."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, OutputsStreamBlock
from core.languages import text_in
from core.models import SitePage


class WorkPackageIndexPage(SitePage):
    """Lists the project's work packages in the order editors arrange them in the page tree."""

    intro = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES, help_text=_("Shown above the list of work packages.")
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["inducult.HomePage"]
    subpage_types = ["workpackages.WorkPackagePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("work package index")
        verbose_name_plural = _("work package indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["work_packages"] = WorkPackagePage.objects.child_of(self).live().public().defer_streamfields().order_by("path")
        return context


work_package_code_validator = RegexValidator(
    r"^[A-Z]{1,3}[0-9]{0,2}$",
    _("Use one to three capital letters and up to two digits, for example T1 or M."),
)


class WorkPackagePage(SitePage):
    """One work package: its code, aims and the outputs and results it produced."""

    code = models.CharField(
        _("code"),
        max_length=5,
        validators=[work_package_code_validator],
        help_text=_("The work package's code as the programme uses it, for example T1."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in lists and at the top of the page.")
    )
    objectives = RichTextField(
        _("objectives"), blank=True, features=RICH_TEXT_FEATURES, help_text=_("What the work package set out to do, and how.")
    )
    # RESTRICT: a partner that leads a work package cannot be deleted on its own (the admin says why,
    # partners.wagtail_hooks); deleting both together, as a whole site tree, still works.
    lead_partner = models.ForeignKey(
        "partners.PartnerPage",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="led_work_packages",
        verbose_name=_("lead partner"),
        help_text=_("The partner organisation that leads this work package."),
    )
    outputs = StreamField(
        OutputsStreamBlock(),
        blank=True,
        verbose_name=_("outputs and results"),
        help_text=_("The work package's outputs and results, each with a title, a description and an optional link."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("code"),
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.SearchField("outputs"),
        index.FilterField("code"),
    ]
    search_related = ("lead_partner",)

    content_panels = [
        *Page.content_panels,
        FieldPanel("code"),
        FieldPanel("lead_partner"),
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("outputs"),
    ]

    parent_page_types = ["workpackages.WorkPackageIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("work package")
        verbose_name_plural = _("work packages")

    def search_extras(self, language):
        return [text_in(self.lead_partner, "title", language)] if self.lead_partner_id else []

    def clean(self):
        super().clean()
        if self.code and WorkPackagePage.objects.filter(code=self.code).exclude(pk=self.pk).exists():
            raise ValidationError({"code": _("Another work package already uses this code.")})
