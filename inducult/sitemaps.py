from django.conf import settings
from django.contrib.sitemaps import Sitemap
from wagtail.models import Page

from core.languages import page_languages


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

    def _urls(self, page, protocol, domain):
        # Django's x-default drops the default language's prefix (`/imprint/`), which assumes that
        # language has no prefix. Here every language has one, and `/imprint/` would redirect a
        # German browser to `/de/imprint/`, a 404 where the German slug differs: the x-default is
        # the English address, as in the pages' own hreflang links.
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            by_language = {alternate["lang_code"]: alternate for alternate in url["alternates"]}
            if "x-default" in by_language and settings.LANGUAGE_CODE in by_language:
                by_language["x-default"]["location"] = by_language[settings.LANGUAGE_CODE]["location"]
        return urls
