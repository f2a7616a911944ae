"""Builders for the project's own pages (home, standard pages) and a site to put pages in."""

import datetime

import factory
import wagtail_factories
from wagtail.models import Collection, Locale, Page, Site

from inducult.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "InduCult2.0"
    slug = "home"
    subtitle = "Utilizing Industrial Culture in Central Europe"
    nutshell = "<p>The partnership established the idea of Living Industrial Culture.</p>"
    start_date = datetime.date(2016, 6, 1)
    end_date = datetime.date(2019, 5, 31)

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "An introduction."

    class Meta:
        model = StandardPage


def build_site(**home_kwargs):
    """A root page, one home page as the default site's root, and nothing else.

    Works on a freshly migrated database (it removes Wagtail's welcome page) and after a
    transactional test has flushed everything, root page and locale included.
    """
    Locale.objects.get_or_create(language_code="en")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root, **home_kwargs)
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="InduCult2.0")
    return home
