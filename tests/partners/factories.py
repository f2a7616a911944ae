"""Builders for the partners' pages."""

from decimal import Decimal

import factory
import wagtail_factories

from partners.models import PartnerIndexPage, PartnerPage


class PartnerIndexPageFactory(wagtail_factories.PageFactory):
    title = "Partners"
    slug = "partners"
    show_in_menus = True

    class Meta:
        model = PartnerIndexPage


class PartnerPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Partner organisation {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    country = "DE"
    kind = "region"
    role = "partner"
    town = "Zwickau"
    latitude = Decimal("50.71890")
    longitude = Decimal("12.49230")

    class Meta:
        model = PartnerPage
