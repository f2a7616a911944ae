"""Keeping the search table and the documents' text current: whatever saves a page or a document (the
admin's publish and unpublish, a translator's publish, a command, a script) reaches the search at once.

A page is re-indexed on every full save (`update_fields` not given), which is how Wagtail writes a page when it
is published, unpublished or created live; saving a draft writes only the revision columns and leaves the
page's published text, and the search, as they are.
"""

import contextlib

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, post_page_move

from core.models import SitePage
from sitesearch import documents, indexing
from sitesearch.models import SearchDocument


def on_page_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or update_fields is not None or not isinstance(instance, SitePage):
        return
    before = SearchDocument.objects.filter(page_id=instance.pk)
    instance._search_urls_before = dict(before.values_list("language", "url"))
    titles_before = set(before.values_list("language", "title"))
    indexing.index_page(instance)
    # A new title changes the text of the pages that name the page (a partner's events and publications).
    if titles_before and titles_before != set(
        SearchDocument.objects.filter(page_id=instance.pk).values_list("language", "title")
    ):
        indexing.index_pages(indexing.pages_mentioning(instance))


def on_publish(sender, instance, **kwargs):
    # A new slug changes the addresses below the page. Only now are they rewritten: Wagtail updates the
    # descendants' paths after the page's own save, and sends this signal once that is done.
    urls_before = getattr(instance, "_search_urls_before", None)
    if urls_before and urls_before != dict(SearchDocument.objects.filter(page_id=instance.pk).values_list("language", "url")):
        indexing.index_pages(instance.get_descendants().only("pk"))


def on_move(sender, instance, **kwargs):
    indexing.index_subtree(Page.objects.get(pk=instance.pk))


def on_restriction_change(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        indexing.index_subtree(page)


def on_document_save(sender, instance, raw=False, **kwargs):
    if raw or documents.text_is_current(instance):
        return
    documents.extract_and_reindex(instance)


@contextlib.contextmanager
def paused():
    """Leave pages saved inside out of the search (bulk loading: `indexing.rebuild` afterwards)."""
    post_save.disconnect(dispatch_uid="sitesearch-page-save")
    try:
        yield
    finally:
        post_save.connect(on_page_save, dispatch_uid="sitesearch-page-save")


def on_site_change(sender, **kwargs):
    # Every address depends on the sites (their root pages and hostnames): a rare change, a full rebuild.
    indexing.rebuild()


def connect():
    post_save.connect(on_page_save, dispatch_uid="sitesearch-page-save")
    page_published.connect(on_publish, dispatch_uid="sitesearch-publish")
    post_page_move.connect(on_move, dispatch_uid="sitesearch-move")
    post_save.connect(on_restriction_change, sender=PageViewRestriction, dispatch_uid="sitesearch-restrict")
    post_delete.connect(on_restriction_change, sender=PageViewRestriction, dispatch_uid="sitesearch-unrestrict")
    post_save.connect(on_site_change, sender=Site, dispatch_uid="sitesearch-site-save")
    post_delete.connect(on_site_change, sender=Site, dispatch_uid="sitesearch-site-delete")
    post_save.connect(on_document_save, sender=get_document_model(), dispatch_uid="sitesearch-document")
