from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InducultConfig(AppConfig):
    """The project package: site-wide pages (overview, standard pages, work packages) and blocks."""

    name = "inducult"
    label = "inducult"
    verbose_name = _("InduCult2.0 site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from inducult import cache, file_access
        from inducult.mail import send_moderation_mail_in_recipients_languages

        send_moderation_mail_in_recipients_languages()

        checks.register(cache.check_versioned_cache, checks.Tags.caches)
        # The content version and the view restrictions are read from the database once per request.
        request_started.connect(cache.start_request, dispatch_uid="inducult-cache-request-started")
        request_finished.connect(cache.finish_request, dispatch_uid="inducult-cache-request-finished")
        # Any model: pages, snippets, settings, images and documents all show up on public pages.
        post_save.connect(cache.on_model_change, dispatch_uid="inducult-cache-save")
        post_delete.connect(cache.on_model_change, dispatch_uid="inducult-cache-delete")
        m2m_changed.connect(cache.on_many_to_many_change, dispatch_uid="inducult-cache-m2m")
        # Tree moves rewrite paths with bulk updates, which send no post_save.
        post_page_move.connect(cache.on_model_change, dispatch_uid="inducult-cache-move")
        post_migrate.connect(cache.after_migrate, dispatch_uid="inducult-cache-migrate")
        page_published.connect(cache.purge_from_frontend_cache, dispatch_uid="inducult-cdn-publish")
        page_unpublished.connect(cache.purge_from_frontend_cache, dispatch_uid="inducult-cdn-unpublish")
        page_published.connect(file_access.record_uses_of_published_page, dispatch_uid="inducult-file-uses")
