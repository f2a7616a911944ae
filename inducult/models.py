"""The site's own pages (the project overview, standard pages), its settings, and what sign-in protection keeps."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, BodyStreamBlock, HighlightsStreamBlock, ObjectivesStreamBlock
from core.models import SitePage
from partners.models import partnership_figures


class HomePage(SitePage):
    """The project overview: the root of the site, one per site."""

    # Hero
    subtitle = models.CharField(
        _("subtitle"),
        max_length=255,
        blank=True,
        help_text=_("The project's full name or a one-line description, shown under the title."),
    )
    # Overview
    nutshell = RichTextField(
        _("project in a nutshell"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("What the project is and did, in a few sentences."),
    )
    objectives_intro = models.CharField(
        _("objectives introduction"),
        max_length=255,
        blank=True,
        help_text=_("The sentence that leads into the list of objectives."),
    )
    objectives = StreamField(
        ObjectivesStreamBlock(),
        blank=True,
        verbose_name=_("objectives"),
        help_text=_("The project's objectives, one per item, in the order to show them."),
    )
    # Facts and figures
    start_date = models.DateField(_("start date"), null=True, blank=True, help_text=_("First day of the project's run-time."))
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Last day of the project's run-time."))
    # Highlights
    highlights = StreamField(
        HighlightsStreamBlock(),
        blank=True,
        verbose_name=_("highlights"),
        help_text=_("Links, videos, quotes and text to put forward below the overview."),
    )

    search_fields = [*Page.search_fields, index.SearchField("subtitle"), index.SearchField("nutshell")]

    content_panels = [
        *Page.content_panels,
        FieldPanel("subtitle"),
        FieldPanel("nutshell"),
        MultiFieldPanel([FieldPanel("objectives_intro"), FieldPanel("objectives")], heading=_("Objectives")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("Facts and figures"),
            help_text=_("The partner, country and region counts are computed from the partner pages."),
        ),
        FieldPanel("highlights"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "inducult.StandardPage",
        "workpackages.WorkPackageIndexPage",
        "partners.PartnerIndexPage",
        "events.EventIndexPage",
        "publications.PublicationIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def get_context(self, request, *args, **kwargs):
        # The work packages, the latest events and the publications are sections their apps contribute
        # (core.sections); the figures are the partnership's.
        context = super().get_context(request, *args, **kwargs)
        context["figures"] = partnership_figures()
        return context


class StandardPage(SitePage):
    """A page of text: imprint, privacy, accessibility statement and the like."""

    intro = models.TextField(_("introduction"), blank=True, help_text=_("A short lead paragraph shown above the body."))
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"), help_text=_("The page's content."))

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["inducult.HomePage", "inducult.StandardPage", "partners.PartnerPage"]
    subpage_types = ["inducult.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Pages every page links to from its footer."""

    imprint_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imprint page"),
        help_text=_("Linked from every page's footer."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy page"),
        help_text=_("Linked from every page's footer."),
    )

    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accessibility statement"),
        help_text=_("Linked from every page's footer."),
    )

    panels = [FieldPanel("imprint_page"), FieldPanel("privacy_page"), FieldPanel("accessibility_page")]

    class Meta:
        verbose_name = _("site settings")


class PasswordResetRequest(models.Model):
    """One request for a password reset link, kept while it counts towards the throttle (inducult.accounts).

    In the database, so that every server process and machine counts the same requests. The e-mail address
    asked for is kept only as a keyed hash: enough to count requests for it, without a list of strangers'
    addresses.
    """

    requested_at = models.DateTimeField(db_index=True)
    client_address = models.GenericIPAddressField()
    email_digest = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["client_address", "requested_at"]),
            models.Index(fields=["email_digest", "requested_at"]),
        ]

    def __str__(self):
        return f"{self.client_address} at {self.requested_at:%Y-%m-%d %H:%M:%S}"
