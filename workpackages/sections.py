"""What the work packages show on other pages: their cards on the home page, the ones a partner leads."""

from django.utils.translation import gettext as _

from core.sections import Section
from workpackages.models import WorkPackagePage


def work_packages_of_the_site(home, request):
    work_packages = WorkPackagePage.objects.live().public().descendant_of(home).defer_streamfields().order_by("path")
    items = list(work_packages)
    if not items:
        return None
    return Section(
        key="work-packages",
        heading=_("Work packages"),
        template="workpackages/sections/work_package_cards.html",
        items=items,
        extra={"css_class": "container work-package-teasers"},
    )


def work_packages_a_partner_leads(partner, request):
    items = list(partner.led_work_packages.live().public().defer_streamfields().order_by("path"))
    if not items:
        return None
    return Section(
        key="work-packages",
        heading=_("Work packages it leads"),
        template="workpackages/sections/work_package_links.html",
        items=items,
    )
