from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InducultConfig(AppConfig):
    """The project package: settings, URLs, serving, the home page and the site's own pages, search, sign-in
    protection, backups and the moderation mails."""

    name = "inducult"
    label = "inducult"
    verbose_name = _("InduCult2.0 site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.cache import watch_app
        from inducult.mail import send_moderation_mail_in_recipients_languages

        watch_app(self, ignoring=("passwordresetrequest",))
        send_moderation_mail_in_recipients_languages()
