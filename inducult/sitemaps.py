from django.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PageSitemap(Sitemap):
    """Every live public page once per language, each entry naming its other language versions."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Page.objects.live().public().exclude(depth=1).order_by("path")

    def location(self, page):
        url_parts = page.get_url_parts()
        if url_parts is None:
            return None
        _site_id, _root_url, page_path = url_parts
        return page_path

    def lastmod(self, page):
        return page.last_published_at
