from django.contrib.sitemaps import Sitemap
from wagtail.models import Page

from inducult.languages import page_languages


class PageSitemap(Sitemap):
    """Every live public page once per language it is translated into, each entry naming its other versions."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Page.objects.live().public().exclude(depth=1).order_by("path")

    def get_languages_for_item(self, page):
        return page_languages(page)

    def location(self, page):
        url_parts = page.get_url_parts()
        if url_parts is None:
            return None
        _site_id, _root_url, page_path = url_parts
        return page_path

    def lastmod(self, page):
        return page.last_published_at
