"""The site's mail: where it goes without a mail server, and the language of Wagtail's moderation mails.

With EMAIL_HOST set every environment sends through Django's SMTP backend; without it the settings choose
one of the backends here.
"""

import logging
import uuid
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import translation
from django.utils.text import slugify
from wagtail import models, signals
from wagtail.admin import signal_handlers

logger = logging.getLogger(__name__)


class MailFolderBackend(BaseEmailBackend):
    """Development: each mail becomes one .eml file in EMAIL_FILE_PATH, named by time and subject.

    A newcomer reads what the site would have sent without a mail server; mail programs open .eml files.
    """

    def __init__(self, *, file_path=None, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages):
        self.folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for message in email_messages:
            # Time first, so that a listing shows the mails in the order they were sent.
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            name = f"{stamp}-{uuid.uuid4().hex[:6]}-{slugify(message.subject)[:60] or 'mail'}.eml"
            try:
                (self.folder / name).write_bytes(message.message().as_bytes())
            except OSError:
                if not self.fail_silently:
                    raise
                continue
            written += 1
        return written


class UnsentMailBackend(BaseEmailBackend):
    """Production without a mail server: nothing is sent, and each mail leaves an error in the log.

    The log names the subject and recipients but not the text, which can hold a password reset link.
    """

    def send_messages(self, email_messages):
        for message in email_messages:
            logger.error(
                "Mail not sent because EMAIL_HOST is not set: %r to %s",
                message.subject,
                ", ".join(message.recipients()),
            )
        return 0


# Wagtail's moderation mail receivers, as wagtail.admin.signal_handlers connects them (Wagtail 8).
WAGTAIL_NOTIFIERS = (
    ("task_submitted", "TaskState", "group_approval_task_submitted_email_notification", "task_submission_email_notifier"),
    ("workflow_submitted", "WorkflowState", "workflow_state_submitted_email_notification", "workflow_submission_email_notifier"),
    ("workflow_rejected", "WorkflowState", "workflow_state_rejected_email_notification", "workflow_rejection_email_notifier"),
    ("workflow_approved", "WorkflowState", "workflow_state_approved_email_notification", "workflow_approval_email_notifier"),
)


def _in_default_language(notifier):
    def notify(sender, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return notifier(sender=sender, **kwargs)

    return notify


def send_moderation_mail_in_recipients_languages():
    """Make Wagtail's moderation mails speak each recipient's admin language, or the site's default.

    Wagtail renders each mail in the recipient's chosen admin language, but for a recipient who chose none
    it takes the language of the request, that is of the editor who acted: a Czech coordinator's submission
    would reach an English-speaking manager in Czech. Its receivers run here inside the site's default
    language instead. They are put in place under Wagtail's own dispatch_uid, so whichever of this and
    Wagtail's own connecting runs first, each mail is sent once (tests/inducult/test_mail.py counts them).
    """
    for signal_name, sender_name, dispatch_uid, notifier_name in WAGTAIL_NOTIFIERS:
        signal, sender = getattr(signals, signal_name), getattr(models, sender_name)
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        notifier = _in_default_language(getattr(signal_handlers, notifier_name))
        signal.connect(notifier, sender=sender, dispatch_uid=dispatch_uid, weak=False)
