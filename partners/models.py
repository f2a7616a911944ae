"""Partner organisations: the index with its map and filters, and one page per partner."""

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from core.cache import remember
from core.collation import collation_key, sorted_for
from core.languages import SOURCE_LANGUAGE, text_in
from core.listing import FilterableListingMixin, offer_choices
from core.models import SitePage
from core.security import allowances
from partners.blocks import PilotActionsStreamBlock

# The map's background, requested only after the visitor presses "Load the map".
MAP_TILES_ORIGIN = "https://tile.openstreetmap.org"
MAP_TILES_URL = MAP_TILES_ORIGIN + "/{z}/{x}/{y}.png"


class Country(models.TextChoices):
    """Countries of the partnership, named in the visitor's language."""

    AUSTRIA = "AT", _("Austria")
    BELGIUM = "BE", _("Belgium")
    CROATIA = "HR", _("Croatia")
    CZECHIA = "CZ", _("Czech Republic")
    GERMANY = "DE", _("Germany")
    HUNGARY = "HU", _("Hungary")
    ITALY = "IT", _("Italy")
    NETHERLANDS = "NL", _("Netherlands")
    POLAND = "PL", _("Poland")
    SLOVAKIA = "SK", _("Slovakia")
    SLOVENIA = "SI", _("Slovenia")


class PartnerKind(models.TextChoices):
    INDUSTRIAL_REGION = "region", _("Industrial region")
    ACADEMIC = "academic", _("Academic institution")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead partner")
    PARTNER = "partner", _("Project partner")


def partnership_figures():
    """How many live partners, countries, industrial regions and academic institutions: one query, kept until
    the content changes."""
    return remember(
        "partnership-figures",
        lambda: (
            PartnerPage.objects.live()
            .public()
            .aggregate(
                partners=Count("pk"),
                countries=Count("country", distinct=True),
                regions=Count("pk", filter=Q(kind=PartnerKind.INDUSTRIAL_REGION)),
                academic=Count("pk", filter=Q(kind=PartnerKind.ACADEMIC)),
            )
        ),
    )


class PartnerFilterForm(forms.Form):
    """The index's filters; unknown values become form errors, never server errors."""

    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", _("All countries")), *Country.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *PartnerKind.choices])

    def __init__(self, *args, countries=None, kinds=None, **kwargs):
        """`countries` and `kinds`: the (value, label) pairs to offer (those that have partners); all if None."""
        super().__init__(*args, **kwargs)
        if countries is not None:
            offer_choices(self, "country", countries, Country.choices, _("All countries"))
        if kinds is not None:
            offer_choices(self, "kind", kinds, PartnerKind.choices, _("All kinds"))


def choice_labels(choices):
    """{value: label} of a TextChoices class in the active language: one translation per choice, where
    `get_FOO_display()` on each row of a listing looks every label up again."""
    return {value: str(label) for value, label in choices.choices}


def filter_partners(partners, selected):
    """The partners that match a PartnerFilterForm's cleaned data, by country name, lead partner first; each
    carries its country, kind and role labels in the active language (`country_label`, `kind_label`,
    `role_label`)."""
    shown = [
        partner
        for partner in partners
        if (not selected.get("country") or partner.country == selected["country"])
        and (not selected.get("kind") or partner.kind == selected["kind"])
    ]
    countries, kinds, roles = choice_labels(Country), choice_labels(PartnerKind), choice_labels(PartnerRole)
    for partner in shown:
        partner.country_label = countries.get(partner.country, partner.country)
        partner.kind_label = kinds.get(partner.kind, partner.kind)
        partner.role_label = roles.get(partner.role, partner.role)
    language = get_language()
    sort_keys = {code: collation_key(label, language) for code, label in countries.items()}
    shown.sort(key=lambda partner: (sort_keys.get(partner.country, ()), partner.role != PartnerRole.LEAD, partner.title))
    return shown


class PartnerSummary:
    """What a partner's page and its card on the partner index both say: its short name and map marker."""

    @property
    def display_name(self):
        return self.short_name or self.title

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    def map_marker(self):
        url = getattr(self, "link", None) or self.url
        return {"name": self.display_name, "url": url, "lat": float(self.latitude), "lng": float(self.longitude)}


@dataclass
class PartnerCard(PartnerSummary):
    """A partner as the partner index shows it (card, map marker, filters), read as a plain row in the active
    language (wagtail-modeltranslation's `values()` falls back as the page does): building a page object of
    hundreds of columns per partner cost as much as the rest of the index."""

    pk: int
    title: str
    slug: str
    short_name: str
    kind: str
    role: str
    town: str
    country: str
    latitude: object
    longitude: object
    link: str = ""
    # "en" where the title (the town) is shown in English because it has no translation, for the lang attribute.
    title_lang: str = ""
    town_lang: str = ""

    FIELDS = ("pk", "title", "slug", "short_name", "kind", "role", "town", "country", "latitude", "longitude")

    @property
    def url(self):
        return self.link


class PartnerIndexPage(FilterableListingMixin, SitePage):
    """All partners, grouped by country, with a map and filters by country and kind."""

    intro = RichTextField(
        _("introduction"), blank=True, features=RICH_TEXT_FEATURES, help_text=_("Shown above the map and the list.")
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["inducult.HomePage"]
    subpage_types = ["partners.PartnerPage"]
    max_count_per_parent = 1

    filter_form_class = PartnerFilterForm

    class Meta:
        verbose_name = _("partner index")
        verbose_name_plural = _("partner indexes")

    def listing_items(self):
        """Every live, public partner below this index as a PartnerCard, in tree order."""
        language = get_language()
        own = {f"{field}_lang": build_localized_fieldname(field, language) for field in ("title", "town")}
        rows = PartnerPage.objects.child_of(self).live().public().order_by("path").values(*PartnerCard.FIELDS, *own.values())
        cards = []
        for row in rows:
            # The row's own-language columns say whether `title` and `town` are translations or English.
            translated = {mark: bool(row.pop(column)) or language == SOURCE_LANGUAGE for mark, column in own.items()}
            marks = {mark: "" if is_translated else SOURCE_LANGUAGE for mark, is_translated in translated.items()}
            cards.append(PartnerCard(**row, **marks))
        return cards

    def filter_items(self, items, selected):
        return filter_partners(items, selected)

    def filter_choices(self):
        """Only the countries and kinds that have partners, in the visitor's alphabetical order; cached per
        language until the content changes."""

        def build():
            used = set(PartnerPage.objects.child_of(self).live().public().values_list("country", "kind").distinct())
            countries = [(code, str(label)) for code, label in Country.choices if code in {country for country, _kind in used}]
            kinds = [(code, str(label)) for code, label in PartnerKind.choices if code in {kind for _country, kind in used}]
            return {"countries": sorted_for(countries, get_language(), key=lambda choice: choice[1]), "kinds": kinds}

        return remember(f"partner-filters:{self.pk}:{get_language()}", build)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = self.listing(request)
        shown = listing.items
        # Partners are this page's children: each one's address is this page's and its slug in the language.
        index_url = self.get_url(request)
        for partner in shown:
            partner.link = f"{index_url}{partner.slug}/"
        context.update(
            filter_form=listing.form,
            is_filtered=listing.is_filtered,
            partner_count=len(listing.unfiltered),
            partners_shown=len(shown),
            partners_by_country=[
                (country, list(group)) for country, group in groupby(shown, key=lambda partner: partner.country_label)
            ],
            map_markers=[partner.map_marker() for partner in shown if partner.has_location],
            map_tiles_url=MAP_TILES_URL,
        )
        if context["map_markers"]:
            # The tiles, once the visitor loads the map; Leaflet blanks aborted tiles with a data: image.
            allowances(request).allow("img-src", MAP_TILES_ORIGIN, "data:")
        return context


class PartnerPage(PartnerSummary, SitePage):
    """One partner organisation: who it is, where, who to contact, and what it does in the project."""

    # Identity
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_("Acronym or short name used in lists, for example KSMAS KK. The page title is the official name."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PartnerKind.choices, help_text=_("What kind of organisation this is.")
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=PartnerRole.choices,
        default=PartnerRole.PARTNER,
        help_text=_("The partner's role in the project."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("The organisation's logo."),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("The organisation's own website."))
    # Location
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, help_text=_("Where the partner is based."))
    town = models.CharField(
        _("town or region"),
        max_length=120,
        blank=True,
        help_text=_("The town or region the partner works in, for example Zwickau."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
        help_text=_("Where the partner's marker sits on the map, in decimal degrees (north positive)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
        help_text=_("In decimal degrees (east positive)."),
    )
    # Content
    description = StreamField(
        BodyStreamBlock(), blank=True, verbose_name=_("description"), help_text=_("What the partner is and does in the project.")
    )
    pilot_actions = StreamField(
        PilotActionsStreamBlock(),
        blank=True,
        verbose_name=_("pilot actions"),
        help_text=_("The partner's pilot actions, each with a title, a summary and its status."),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("short_name"),
        index.SearchField("town"),
        index.SearchField("description"),
        index.SearchField("pilot_actions"),
        index.FilterField("country"),
        index.FilterField("kind"),
    ]
    search_related = ("contacts",)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("short_name"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("role")]),
                FieldPanel("logo"),
                FieldPanel("website"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("town")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Location"),
        ),
        FieldPanel("description"),
        FieldPanel("pilot_actions"),
        InlinePanel("contacts", heading=_("Contact people"), label=_("Contact person")),
    ]

    parent_page_types = ["partners.PartnerIndexPage"]
    subpage_types = ["inducult.StandardPage", "events.EventPage", "publications.PublicationPage"]

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def search_extras(self, language):
        # The country and the kind of organisation in the visitor's language; contacts by name and role.
        texts = [(str(self.get_country_display()), language), (str(self.get_kind_display()), language)]
        for contact in self.contacts.all():
            texts += [(contact.name, language), text_in(contact, "role", language)]
        return texts

    def get_context(self, request, *args, **kwargs):
        # The work packages it leads, the publications it wrote and the events it hosts are sections their
        # apps contribute (core.sections).
        context = super().get_context(request, *args, **kwargs)
        context["contacts"] = list(self.contacts.all())
        return context


class PartnerContact(Orderable):
    """A contact person at a partner organisation; every detail but the name is optional."""

    partner = ParentalKey(PartnerPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120, help_text=_("The person's full name."))
    role = models.CharField(_("role"), max_length=120, blank=True, help_text=_("For example “Project coordinator”."))
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Shown publicly on the partner page."))
    phone = models.CharField(_("phone"), max_length=40, blank=True, help_text=_("With the country code, for example +49 375 …"))

    panels = [FieldPanel("name"), FieldPanel("role"), FieldRowPanel([FieldPanel("email"), FieldPanel("phone")])]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")

    def __str__(self):
        return self.name
