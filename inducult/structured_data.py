"""schema.org data about the project for search engines: the home page's JSON-LD."""

from django.utils import translation

from core.cache import remember
from core.models import LINK_FIELDS
from inducult.head_meta import own_description
from partners.models import PartnerPage, PartnerRole

# Facts about the project that no page field holds (shared/content/FACTS.md): the programme that funded it
# and the fund that co-financed it. The names are proper names, the same in every language.
PROGRAMME = "Interreg CENTRAL EUROPE"
FUND = "European Regional Development Fund"
FUND_SHORT = "ERDF"


def project_data(home, request):
    """The project as a schema.org Project (an Organization): name, full name, description, run-time,
    funders and the partner organisations as members, in the visitor's language. Kept per page, host and
    language until the content changes."""
    host = request.get_host() if request is not None else ""

    def build():
        absolute = request.build_absolute_uri if request is not None else str
        data = {
            "@context": "https://schema.org",
            "@type": "Project",
            "name": home.title,
            "url": absolute(home.get_url(request)),
        }
        if getattr(home, "subtitle", ""):
            data["alternateName"] = home.subtitle
        description = own_description(home)
        if description:
            data["description"] = description
        if getattr(home, "start_date", None):
            data["foundingDate"] = home.start_date.isoformat()
        if getattr(home, "end_date", None):
            data["dissolutionDate"] = home.end_date.isoformat()
        data["funder"] = [
            {"@type": "Organization", "name": PROGRAMME},
            {"@type": "Organization", "name": FUND, "alternateName": FUND_SHORT},
        ]
        partners = (
            PartnerPage.objects.live()
            .public()
            .descendant_of(home)
            .only(*LINK_FIELDS, "short_name", "town", "country", "role")
            .order_by("path")
        )
        # The lead partner first, the others in the order of the tree.
        members = sorted(partners, key=lambda partner: partner.role != PartnerRole.LEAD)
        data["member"] = [member_data(partner, request, absolute) for partner in members]
        return data

    if getattr(request, "is_preview", False):
        # A preview shows an editor's draft: nothing of it may be kept for visitors.
        return build()
    return remember(f"project-data:{host}:{home.pk}:{translation.get_language()}", build)


def member_data(partner, request, absolute):
    member = {"@type": "Organization", "name": partner.title, "url": absolute(partner.get_url(request))}
    if partner.short_name and partner.short_name != partner.title:
        member["alternateName"] = partner.short_name
    address = {"@type": "PostalAddress", "addressCountry": partner.country}
    if partner.town:
        address["addressLocality"] = partner.town
    member["address"] = address
    return member
