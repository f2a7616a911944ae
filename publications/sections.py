"""What the publications show on other pages: the featured and latest on the home page, those a partner
wrote, the outputs of a work package."""

from django.utils.translation import gettext as _

from core.listing import latest_and_more
from core.sections import Section
from publications.models import PublicationIndexPage, PublicationPage


def highlighted_publications(home, request, count=4):
    """Featured publications first, then the latest."""
    publications = list(
        PublicationPage.objects.live()
        .public()
        .descendant_of(home)
        .select_related("publication_type", "cover_image")
        .order_by("-featured", "-publication_date", "-pk")[:count]
    )
    if not publications:
        return None
    return Section(
        key="publications",
        heading=_("Documents and publications"),
        template="publications/sections/publication_list.html",
        items=publications,
        extra={"css_class": "container home-publications", "list_class": "publication-list--row"},
    )


def _related(publications, more_url, *, heading, more_label):
    items, more = latest_and_more(publications.defer_streamfields().select_related("publication_type"), more_url)
    if not items:
        return None
    return Section(
        key="publications",
        heading=heading,
        template="publications/sections/publication_list.html",
        items=items,
        more_url=more,
        more_label=more_label,
    )


def publications_a_partner_wrote(partner, request):
    return _related(
        partner.authored_publications.live().public().order_by("-publication_date", "-pk"),
        lambda: PublicationIndexPage.url_for(partner=partner),
        heading=_("Publications"),
        more_label=_("All publications of this partner"),
    )


def outputs_of_a_work_package(work_package, request):
    return _related(
        work_package.outputs_published.live().public().order_by("-publication_date", "-pk"),
        lambda: PublicationIndexPage.url_for(work_package=work_package),
        heading=_("Publications"),
        more_label=_("All publications of this work package"),
    )
