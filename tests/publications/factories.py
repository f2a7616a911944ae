"""Builders for the publications' pages."""

import datetime

import factory
import wagtail_factories

from publications.models import PublicationIndexPage, PublicationPage, PublicationType


class PublicationTypeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Publication type {n}")
    slug = factory.Sequence(lambda n: f"publication-type-{n}")

    class Meta:
        model = PublicationType
        django_get_or_create = ("slug",)


class PublicationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Publications"
    slug = "publications"
    show_in_menus = True

    class Meta:
        model = PublicationIndexPage


class PublicationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Publication {n}")
    publication_type = factory.SubFactory(PublicationTypeFactory, slug="report", name="Report")
    publication_date = datetime.date(2019, 5, 31)

    class Meta:
        model = PublicationPage
