"""The publication library: the index with filters and search, one page per publication, its files."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES
from core.cache import remember
from core.collation import sorted_for
from core.languages import text_in
from core.listing import FilterableListingMixin, offer_choices, pages_of_site
from core.models import LINK_FIELDS, SitePage
from core.page_forms import SitePageForm
from partners.models import PartnerPage
from publications.citations import bibtex, citation_text, ris, structured_data
from sitesearch.query import Query, matching
from workpackages.models import WorkPackagePage

PUBLICATIONS_PER_PAGE = 12
MAX_SEARCH_LENGTH = 200

output_code_validator = RegexValidator(
    r"^[A-Z]\d{1,2}(\.\d{1,2}){1,3}$",
    _(
        "Use the programme's output code style: a capital letter, the work package number and up to three "
        "numbers separated by dots, for example T1.3.1."
    ),
)


class PublicationType(models.Model):
    """A kind of publication (strategy, book, …); editors add their own."""

    name = models.CharField(_("name"), max_length=80, help_text=_("For example “Argumentation paper”."))
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Used in the address of a filtered list."))
    citation_kind = models.CharField(
        _("citation kind"),
        max_length=20,
        default="report",
        choices=[
            ("book", _("Book")),
            ("article", _("Scientific article")),
            ("report", _("Report or paper")),
            ("video", _("Video")),
        ],
        help_text=_("How publications of this type are cited."),
    )
    is_scientific = models.BooleanField(
        _("scientific"), default=False, help_text=_("Scientific publications offer BibTeX and RIS downloads.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Lower numbers come first in the filter."))

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("citation_kind"),
        FieldPanel("is_scientific"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("publication type")
        verbose_name_plural = _("publication types")

    def __str__(self):
        return self.name


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "cc-by-nc-4.0", "CC BY-NC 4.0"
    CC_BY_NC_ND = "cc-by-nc-nd-4.0", "CC BY-NC-ND 4.0"
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_ND: "https://creativecommons.org/licenses/by-nc-nd/4.0/",
}

# The columns a publication's card needs: its title and address in every language, what routing and URLs read,
# and its type, code and date.
CARD_FIELDS = (
    *LINK_FIELDS,
    "publication_date",
    "output_code",
    "publication_type",
    "publication_type__name",
)
SORT_CHOICES = [("newest", _("Newest first")), ("oldest", _("Oldest first")), ("title", _("Title"))]
SORT_ORDERS = {"newest": ("-publication_date", "-pk"), "oldest": ("publication_date", "pk"), "title": ("title", "pk")}


class PublicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_SEARCH_LENGTH, strip=True)
    type = forms.ChoiceField(label=_("Type"), required=False)
    work_package = forms.ChoiceField(label=_("Work package"), required=False)
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    language = forms.ChoiceField(label=_("Language of the document"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, types, work_packages, partners, years, languages=None, **kwargs):
        """`types`, `work_packages`, `partners` and `languages` are (value, label) pairs (`languages`: all the
        site's if None), `years` a list of years."""
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *types]
        self.fields["work_package"].choices = [("", _("All work packages")), *work_packages]
        self.fields["partner"].choices = [("", _("All partners")), *partners]
        languages = settings.LANGUAGES if languages is None else languages
        offer_choices(self, "language", languages, settings.LANGUAGES, _("All languages"))
        self.fields["year"].choices = [("", _("All years")), *((str(year), str(year)) for year in years)]


def filter_publications(publications, selected):
    """The publications that match a PublicationFilterForm's cleaned data, searched and sorted; an empty
    value leaves its filter out."""
    if selected.get("type"):
        publications = publications.filter(publication_type__slug=selected["type"])
    if selected.get("work_package"):
        publications = publications.filter(work_package__code=selected["work_package"])
    # Subqueries rather than joins for the many-valued relations: a join would need DISTINCT, which
    # PostgreSQL applies to every (wide, translated) column of every row before paginating.
    if selected.get("partner"):
        authored = PublicationPage.authoring_partners.through.objects.filter(partnerpage__slug_en=selected["partner"])
        publications = publications.filter(pk__in=authored.values("publicationpage_id"))
    if selected.get("language"):
        with_file = PublicationFile.objects.filter(language=selected["language"])
        publications = publications.filter(pk__in=with_file.values("publication_id"))
    if selected.get("year"):
        publications = publications.filter(publication_date__year=int(selected["year"]))
    if selected.get("q"):
        # The site search's table: every form of the words, in the visitor's language, and the documents' text.
        found = matching(Query(selected["q"], get_language()), kind=PublicationPage._meta.label_lower)
        publications = publications.filter(pk__in=found.values("page_id"))
    return publications.order_by(*SORT_ORDERS[selected.get("sort") or "newest"])


def duplicate_languages_error(languages):
    """A validation error naming the languages that have more than one file, or None.

    Files without a language yet (a draft's) are no duplicates: the missing language is their error.
    """
    duplicates = sorted({code for code in languages if code and languages.count(code) > 1})
    if not duplicates:
        return None
    names = dict(settings.LANGUAGES)
    return ValidationError(
        _("There is more than one file in %(languages)s: keep one document per language.")
        % {"languages": ", ".join(str(names.get(code, code)) for code in duplicates)}
    )


class PublicationPageForm(SitePageForm):
    """The admin form, checking the inline files as a whole: one document per language."""

    def clean(self):
        cleaned_data = super().clean()
        files = self.formsets.get("files")
        if files is not None and files.is_valid():
            languages = [
                form.cleaned_data["language"]
                for form in files.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("language")
            ]
            error = duplicate_languages_error(languages)
            if error:
                self.add_error(None, error)
        return cleaned_data


class PublicationIndexPage(FilterableListingMixin, RoutablePageMixin, SitePage):
    """The library: every publication of the site, filtered, searched, sorted and paginated by GET parameters."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES, help_text=_("Shown above the library."))

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["inducult.HomePage"]
    subpage_types = ["publications.PublicationPage"]
    max_count_per_parent = 1

    filter_form_class = PublicationFilterForm
    items_per_page = PUBLICATIONS_PER_PAGE
    unfiltered_fields = ("sort",)

    class Meta:
        verbose_name = _("publication index")
        verbose_name_plural = _("publication indexes")

    @classmethod
    def url_for(cls, *, partner=None, work_package=None):
        """The address of the library filtered to what a partner page wrote or a work package page produced."""
        return cls.listing_url(
            partner=partner.slug_en if partner is not None else None,
            work_package=work_package.code if work_package is not None else None,
        )

    def all_publications(self):
        return pages_of_site(self, PublicationPage)

    def listing_items(self):
        # Only what a card shows (includes/publication_card.html): a publication row is hundreds of columns wide
        # with every language's text, and building the query and the objects costs as much as the columns.
        return (
            self.all_publications()
            .only(*CARD_FIELDS)
            .select_related("publication_type")
            .prefetch_related(Prefetch("files", queryset=PublicationFile.objects.only("publication", "language", "sort_order")))
        )

    def filter_items(self, items, selected):
        return filter_publications(items, selected)

    def filter_choices(self):
        """The filters' choices, cached per language until the content changes."""

        # Only the values that have publications, in the visitor's alphabetical order.
        def build():
            language = get_language()
            publications = self.all_publications().values("pk")
            partners = PartnerPage.objects.live().filter(authored_publications__in=publications).distinct()
            work_packages = WorkPackagePage.objects.live().filter(outputs_published__in=publications).distinct()
            types = PublicationType.objects.filter(pk__in=self.all_publications().values("publication_type"))
            languages = set(PublicationFile.objects.filter(publication__in=publications).values_list("language", flat=True))
            names = dict(settings.LANGUAGES)
            return {
                "types": sorted_for([(item.slug, item.name) for item in types], language, key=lambda choice: choice[1]),
                "work_packages": [
                    (wp.code, f"{wp.code}: {wp.title}") for wp in work_packages.order_by("path").defer_streamfields()
                ],
                "partners": sorted_for(
                    [(partner.slug_en, partner.display_name) for partner in partners.defer_streamfields()],
                    language,
                    key=lambda choice: choice[1],
                ),
                "languages": sorted_for(
                    [(code, str(names[code])) for code in languages if code in names], language, key=lambda choice: choice[1]
                ),
                "years": [day.year for day in self.all_publications().dates("publication_date", "year", order="DESC")],
            }

        return remember(f"publication-filters:{self.pk}:{get_language()}", build)

    @path("")
    def library(self, request):
        listing = self.listing(request)
        return self.render(
            request,
            context_overrides={
                "filter_form": listing.form,
                "is_filtered": listing.is_filtered,
                "publications": listing.page,
                "filter_query": listing.filter_query,
            },
        )


class PublicationPage(RoutablePageMixin, SitePage):
    """One publication: what it is, who made it, how to cite it, and its files, one per language."""

    publication_type = models.ForeignKey(
        PublicationType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("type"),
        help_text=_("What kind of publication this is."),
    )
    output_code = models.CharField(
        _("output code"),
        max_length=20,
        blank=True,
        validators=[output_code_validator],
        help_text=_("The programme's output code, if it has one, for example T1.3.1."),
    )
    publication_date = models.DateField(_("publication date"), help_text=_("When it was published."))
    work_package = models.ForeignKey(
        "workpackages.WorkPackagePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outputs_published",
        verbose_name=_("work package"),
        help_text=_("The work package it is an output of."),
    )
    authoring_partners = ParentalManyToManyField(
        "partners.PartnerPage",
        blank=True,
        related_name="authored_publications",
        verbose_name=_("authoring partners"),
        help_text=_("The partner organisations that wrote it."),
    )
    authors = models.CharField(
        _("authors"),
        max_length=500,
        blank=True,
        help_text=_("People's names as they should be cited, separated by semicolons: “Family, Given; Family, Given”."),
    )
    abstract = RichTextField(
        _("abstract"), blank=True, features=RICH_TEXT_FEATURES, help_text=_("What the publication is about.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
        help_text=_("The cover, shown in the library and on the page."),
    )
    online_url = models.URLField(_("read online"), blank=True, help_text=_("Optional: where it can be read online."))
    licence = models.CharField(
        _("licence"),
        max_length=30,
        choices=Licence.choices,
        default=Licence.ALL_RIGHTS_RESERVED,
        help_text=_("Under which terms others may reuse it."),
    )
    featured = models.BooleanField(_("featured"), default=False, help_text=_("Featured publications are shown on the home page."))

    search_fields = [
        *Page.search_fields,
        index.SearchField("abstract"),
        index.SearchField("authors"),
        index.SearchField("output_code"),
        index.FilterField("publication_date"),
    ]
    search_related = ("publication_type", "work_package", "authoring_partners", "files__document")

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("publication_type"), FieldPanel("output_code")]),
        FieldRowPanel([FieldPanel("publication_date"), FieldPanel("work_package")]),
        FieldPanel("authoring_partners", widget=forms.CheckboxSelectMultiple),
        FieldPanel("authors"),
        FieldPanel("abstract"),
        InlinePanel("files", heading=_("Files"), label=_("File"), help_text=_("One document per language.")),
        MultiFieldPanel(
            [FieldPanel("cover_image"), FieldPanel("online_url"), FieldPanel("licence"), FieldPanel("featured")],
            heading=_("More"),
        ),
    ]

    base_form_class = PublicationPageForm

    parent_page_types = ["partners.PartnerPage", "publications.PublicationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        # The library and the home page read publications newest first, a page at a time: without the index
        # the database sorts every publication row first.
        indexes = [models.Index(fields=["publication_date", "page_ptr"], name="publication_date_idx")]

    def search_extras(self, language):
        texts = [text_in(self.publication_type, "name", language)]
        texts += [text_in(partner, "title", language) for partner in self.authoring_partners.all()]
        if self.work_package:
            texts.append(text_in(self.work_package, "title", language))
        return texts

    def search_date(self):
        return self.publication_date

    def search_facets(self):
        facets = [("partner", partner.pk) for partner in self.authoring_partners.all()]
        if self.work_package_id:
            facets.append(("work_package", self.work_package_id))
        return facets

    def search_file(self, language):
        """The file in the visitor's language, else the English one (as the page offers them)."""
        by_language = {file.language: file for file in self.files.all() if file.language}
        chosen = by_language.get(language) or by_language.get("en")
        return (chosen.document, chosen.language) if chosen else None

    def clean(self):
        super().clean()
        error = duplicate_languages_error([file.language for file in self.files.all()])
        if error:
            raise error

    @property
    def author_list(self):
        return [name.strip() for name in self.authors.split(";") if name.strip()]

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    def files_for_language(self, language):
        """The files with the visitor's language first, then English, then the others in site order."""
        order = [code for code, _name in settings.LANGUAGES]
        files = list(self.files.select_related("document"))
        return sorted(
            files,
            key=lambda file: (
                file.language != language,
                file.language != "en",
                order.index(file.language) if file.language in order else len(order),
            ),
        )

    @path("")
    def detail(self, request):

        files = self.files_for_language(get_language())
        partners = list(self.authoring_partners.only(*LINK_FIELDS))
        if self.work_package_id:
            # The page links to its work package: its code and the columns of a link, not its whole row.
            self.work_package = WorkPackagePage.objects.only(*LINK_FIELDS, "code").get(pk=self.work_package_id)
        return self.render(
            request,
            context_overrides={
                "files": files,
                "partners": partners,
                "citation": citation_text(self, request=request, partners=partners),
                "structured_data": structured_data(self, request=request, files=files, partners=partners),
                "library_url": PublicationIndexPage.listing_url(),
            },
        )

    @path("cite/<slug:citation_format>/", name="cite")
    def cite(self, request, citation_format):

        if not self.publication_type.is_scientific or citation_format not in ("bibtex", "ris"):
            raise Http404("No such citation format for this publication.")
        if citation_format == "bibtex":
            body, content_type, extension = bibtex(self, request=request), "application/x-bibtex", "bib"
        else:
            body, content_type, extension = ris(self, request=request), "application/x-research-info-systems", "ris"
        response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.{extension}"'
        return response


class PublicationFile(Orderable):
    """A publication's document in one language."""

    publication = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES, help_text=_("The document's language."))
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
        help_text=_("PDF or office document."),
    )

    panels = [FieldRowPanel([FieldPanel("language"), FieldPanel("document")])]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return f"{self.publication} ({self.language})"

    @property
    def language_name_local(self):
        # A draft's file may have no language yet (Wagtail defers required fields): its preview still renders.
        if not self.language:
            return ""
        return get_language_info(self.language)["name_local"]
