from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom layer every app of the site uses: the base page, shared blocks, languages and translated
    StreamFields, the content version and caching, security headers, upload checks and document access."""

    name = "core"
    label = "core"
    verbose_name = _("Site core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from core import addresses, cache, content_version, file_access
        from core.models import apply_admin_title_rules

        apply_admin_title_rules()

        checks.register(cache.check_versioned_cache, checks.Tags.caches)
        # The content version and the view restrictions are read from the database once per request.
        request_started.connect(content_version.start_request, dispatch_uid="core-content-version-started")
        request_finished.connect(content_version.finish_request, dispatch_uid="core-content-version-finished")
        # Any watched model (core.cache.watch_app): pages, snippets, settings, images and documents all show
        # up on public pages.
        post_save.connect(cache.on_model_change, dispatch_uid="core-cache-save")
        post_delete.connect(cache.on_model_change, dispatch_uid="core-cache-delete")
        m2m_changed.connect(cache.on_many_to_many_change, dispatch_uid="core-cache-m2m")
        # Tree moves rewrite paths with bulk updates, which send no post_save.
        post_page_move.connect(cache.on_model_change, dispatch_uid="core-cache-move")
        post_migrate.connect(content_version.after_migrate, dispatch_uid="core-content-version-migrate")
        page_published.connect(cache.purge_from_frontend_cache, dispatch_uid="core-cdn-publish")
        page_unpublished.connect(cache.purge_from_frontend_cache, dispatch_uid="core-cdn-unpublish")
        page_published.connect(file_access.record_uses_of_published_page, dispatch_uid="core-file-uses")
        # A published page renamed or moved keeps its earlier paths in every language (core.addresses).
        addresses.connect_signals()
