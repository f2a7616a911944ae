"""Builders for the work packages' pages."""

import factory
import wagtail_factories

from workpackages.models import WorkPackageIndexPage, WorkPackagePage


class WorkPackageIndexPageFactory(wagtail_factories.PageFactory):
    title = "Work packages"
    slug = "work-packages"
    show_in_menus = True

    class Meta:
        model = WorkPackageIndexPage


class WorkPackagePageFactory(wagtail_factories.PageFactory):
    code = factory.Sequence(lambda n: f"W{n % 99 + 1}")
    title = factory.Sequence(lambda n: f"Work package {n + 1}")
    summary = "What this work package did."

    class Meta:
        model = WorkPackagePage
