from wagtail import hooks

from partners.models import PartnerPage
from partners.services import set_up_partner


@hooks.register("after_create_page")
def set_up_new_partner(request, page):
    """A partner created in the admin gets its coordinators' group, rights and workflow at once."""
    if isinstance(page.specific, PartnerPage):
        set_up_partner(partner_page=page.specific)
