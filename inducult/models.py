"""The site-wide pages: the project overview, standard pages and the work packages."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod
from wagtail_modeltranslation.patch_wagtailadmin import LocalizedSaveDescriptor

from inducult.blocks import (
    RICH_TEXT_FEATURES,
    BodyStreamBlock,
    HighlightsStreamBlock,
    ObjectivesStreamBlock,
    OutputsStreamBlock,
)
from inducult.cache import remember, restricted_paths
from inducult.languages import SOURCE_LANGUAGE, in_source_language
from inducult.page_forms import SitePageForm


class SitePageQuerySet(PageQuerySet):
    """Wagtail's page queries, with `.public()` reading the restricted pages with the content version (one
    query per request for both)."""

    def private_q(self):
        q = Q()
        for path in restricted_paths():
            q |= Q(path__startswith=path)
        # As Wagtail's: no restricted page, nothing private (an empty Q() would match every page).
        return q if q else Q(pk__in=[])


class SitePageManager(PageManager.from_queryset(SitePageQuerySet)):
    """Wagtail's page manager with the view restrictions read once per request."""


class SitePage(Page):
    """The base of every page type of the site.

    Wagtail looks up view restrictions in the database for every page served and every `.public()`
    listing; restrictions are rare, so the restricted paths are read once per request, together with the
    content version (`inducult.cache.restricted_paths`), and Wagtail's own lookup runs only when there are any.
    """

    objects = SitePageManager()
    base_form_class = SitePageForm

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        if restricted_paths():
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()

    def canonical_query(self, request):
        """The only query string under which this page's response to `request` may be stored in the page
        cache (any other is served uncached, so visitors cannot fill the cache with made-up addresses); None
        when it may not be stored at all. Pages that read no query parameters: the empty string. Filtered
        listings return their filters' values in canonical form (`inducult.cache.listing_query`)."""
        return ""

    @cached_classmethod
    def get_edit_handler(cls):
        """Wagtail's edit handler, its panels' HTML ids made in the source language.

        Wagtail names each panel's id after its heading ("panel-child-content-…") once, in the language of the
        first request that renders the form: a German-speaking editor first after a restart would make them
        "…-inhalt-…" for everyone until the next one, and wagtail-modeltranslation's scripts look for "content".
        """
        handler = Page.get_edit_handler.fn(cls)
        with translation.override(SOURCE_LANGUAGE):
            _name_panels(handler)
        return handler

    # Whoever saves, in whichever admin language, the page's shared columns and its admin title stay English.
    # wagtail_modeltranslation wraps every page type's save() to keep all languages' URL paths right, unless
    # the save it finds is already wrapped ("localized_save"): ours wraps its wrapper, so that it too works
    # in the source language and sees a translated slug's change as a change in another language.
    full_clean = in_source_language(Page.full_clean)
    save = in_source_language(LocalizedSaveDescriptor(Page.save))
    save_revision = in_source_language(Page.save_revision)
    publish = in_source_language(Page.publish)
    unpublish = in_source_language(Page.unpublish)
    copy = in_source_language(Page.copy)
    move = in_source_language(Page.move)


def _name_panels(panel):
    """Compute (and so keep) the ids of a panel group's children, and of theirs."""
    if hasattr(panel, "child_identifiers"):
        panel.child_identifiers  # noqa: B018 - a cached property, computed here for its value to be kept
    for child in getattr(panel, "children", ()):
        _name_panels(child)


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
        "inducult.WorkPackageIndexPage",
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
        context = super().get_context(request, *args, **kwargs)
        from partners.models import partnership_figures

        work_packages = WorkPackagePage.objects.live().public().descendant_of(self)
        context["work_packages"] = work_packages.defer_streamfields().order_by("path")
        context["figures"] = partnership_figures()
        context["publications"] = highlighted_publications(self)
        context["events"] = latest_events(self)
        return context


def latest_events(home, count=3):
    """The events with the latest dates (upcoming ones first, as they are the latest), for the home page."""
    from events.models import EventPage

    return list(
        EventPage.objects.live()
        .public()
        .descendant_of(home)
        .defer_streamfields()
        .select_related("event_type")
        .prefetch_related("venues")
        .order_by("-start_date", "-pk")[:count]
    )


def highlighted_publications(home, count=4):
    """Featured publications first, then the latest, for the home page's documents & publications."""
    from publications.models import PublicationPage

    return list(
        PublicationPage.objects.live()
        .public()
        .descendant_of(home)
        .select_related("publication_type", "cover_image")
        .order_by("-featured", "-publication_date", "-pk")[:count]
    )


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


class WorkPackageIndexPage(SitePage):
    """Lists the project's work packages in the order editors arrange them in the page tree."""

    intro = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES, help_text=_("Shown above the list of work packages.")
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["inducult.HomePage"]
    subpage_types = ["inducult.WorkPackagePage"]
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
        related_name="+",
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

    content_panels = [
        *Page.content_panels,
        FieldPanel("code"),
        FieldPanel("lead_partner"),
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("outputs"),
    ]

    parent_page_types = ["inducult.WorkPackageIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("work package")
        verbose_name_plural = _("work packages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["publications"], context["more_publications_url"] = latest_and_more(
            self.outputs_published.live()
            .public()
            .defer_streamfields()
            .select_related("publication_type")
            .order_by("-publication_date"),
            "publications.PublicationIndexPage",
            work_package=self.code,
        )
        return context

    def clean(self):
        super().clean()
        if self.code and WorkPackagePage.objects.filter(code=self.code).exclude(pk=self.pk).exists():
            raise ValidationError({"code": _("Another work package already uses this code.")})


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


class ContentVersion(models.Model):
    """The content version: one row that every server process reads to know whether what it has cached is
    still current (`inducult.cache`). It gets a new random token, in the same transaction, whenever
    anything a visitor can see changes."""

    ROW = 1

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("content version")

    def __str__(self):
        return self.token


# Detail pages list the latest related items and link to the index filtered for the rest: a partner or work
# package with hundreds of publications must not make its page heavy.
RELATED_ITEMS_SHOWN = 10


def latest_and_more(queryset, model_label, **filters):
    """The first RELATED_ITEMS_SHOWN items and, if there are more, the URL of the index filtered by `filters`."""
    items = list(queryset[: RELATED_ITEMS_SHOWN + 1])
    if len(items) <= RELATED_ITEMS_SHOWN:
        return items, None
    return items[:RELATED_ITEMS_SHOWN], index_url(model_label, **filters)


def index_url(model_label, **filters):
    from urllib.parse import urlencode

    from django.apps import apps
    from django.utils.translation import get_language

    def build():
        index = apps.get_model(model_label).objects.live().first()
        return index.url if index else None

    url = remember(f"index-url:{model_label}:{get_language()}", build)
    return f"{url}?{urlencode(filters)}" if url else None


class SiteWideListingMixin:
    """For index pages that list one page type from the whole site, not only their children: events and
    publications live below the partner that owns them (for the partner's editing rights) as well as below
    their index."""

    def pages_of_site(self, model):
        home_path = self.path[: -self.steplen]
        return model.objects.live().public().filter(path__startswith=home_path, depth__gte=self.depth)

    @staticmethod
    def query_without_page(request):
        """The current filters as a query string, for pagination links that keep them; empty values (a
        submitted form's unused fields) are left out, so that the links are the cached, canonical addresses."""
        query = request.GET.copy()
        query.pop("page", None)
        for name, values in list(query.lists()):
            if any(values):
                query.setlist(name, [value for value in values if value])
            else:
                del query[name]
        return query.urlencode()
