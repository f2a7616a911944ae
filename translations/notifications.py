"""Telling editors that a translation now waits on their unpublished change.

A translator's "Publish translation" leaves the translation a draft when the page's latest revision holds
someone else's unpublished change (translations.publishing): the translator's revision is built on top of
that change, so the translation goes live only when the change does. The people who decide about the change
hear of it here, the way Wagtail's own moderation mails reach them (wagtail.admin.mail): plain text, the
same greeting and sender, one mail per recipient, in the recipient's admin language.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.admin.localization import get_available_admin_languages
from wagtail.admin.mail import OpenedConnection, send_mail
from wagtail.models import AbstractGroupApprovalTask, Page, WorkflowState
from wagtail.users.models import UserProfile

from translations.publishing import other_unpublished_changes
from translations.roles import translation_restriction

logger = logging.getLogger(__name__)

SUBJECT_TEMPLATE = "translations/notifications/translation_over_pending_change_subject.txt"
TEXT_TEMPLATE = "translations/notifications/translation_over_pending_change.txt"


def admin_language(user):
    """The language a user reads the admin in: the one chosen in their account, else the site's default.

    Wagtail's own mails fall back to the language of whoever acted; a notice about someone else's action
    must not arrive in the actor's language.
    """
    preferred = UserProfile.get_for_user(user).preferred_language
    return preferred if preferred in dict(get_available_admin_languages()) else settings.LANGUAGE_CODE


def _can_receive(user):
    return user is not None and user.is_active and bool(user.email)


def _pending_revisions(page):
    """The page's revisions saved since its live version, oldest first."""
    revisions = page.revisions.select_related("user").order_by("created_at", "pk")
    if page.live_revision_id:
        return list(revisions.filter(pk__gt=page.live_revision_id))
    if page.last_published_at:
        return list(revisions.filter(created_at__gt=page.last_published_at))
    return list(revisions)


def _approvers(workflow_state, translator):
    """Those who may approve the workflow's current task, if it is a group approval in progress."""
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
        return []
    task = workflow_state.current_task_state.task.specific if workflow_state.current_task_state else None
    if not isinstance(task, AbstractGroupApprovalTask):
        return []
    users = get_user_model().objects.filter(groups__in=task.groups.all())
    if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
        users = users | get_user_model().objects.filter(is_superuser=True)
    # Wagtail's switch for moderation mails: approvers who turned off "submitted" notices do not get this one.
    return [
        user
        for user in users.exclude(pk=translator.pk).distinct().order_by("pk")
        if _can_receive(user) and UserProfile.get_for_user(user).submitted_notifications
    ]


def people_behind_pending_change(*, page, translator):
    """(change authors, approvers, workflow state) for a page whose latest revision holds others' changes.

    Change authors: whoever saved a revision since the live version as a full editor of the page (not
    a translator, whose revisions only carry translations), and whoever submitted the workflow that is
    waiting or has been sent back for changes. Approvers: the members of the group approval task that the
    page is waiting in, if any; the translator's change reaches the page they are asked to approve.
    """
    pending = _pending_revisions(page)
    authors = {}
    for revision in pending:
        user = revision.user
        if user is not None and user.pk != translator.pk and translation_restriction(user, page) is None:
            authors[user.pk] = user
    workflow_state = page.current_workflow_state
    requester = workflow_state.requested_by if workflow_state else None
    if requester is not None and requester.pk != translator.pk:
        authors.setdefault(requester.pk, requester)
    approvers = [user for user in _approvers(workflow_state, translator) if user.pk not in authors]
    return [user for user in authors.values() if _can_receive(user)], approvers, workflow_state


def _already_told(page, translator):
    """Whether this translator's earlier revision already sits on the same pending change (and was reported).

    Each new revision by someone else is a new change to report; a translator correcting their own draft
    twice over the same change is not.
    """
    pending = _pending_revisions(page)
    if len(pending) < 2 or pending[-1].user_id != translator.pk:
        return False
    *earlier, _current = pending
    for revision in reversed(earlier):
        if revision.user_id == translator.pk:
            return True
        if revision.user is not None and translation_restriction(revision.user, page) is None:
            return False
    return False


def notify_translation_over_pending_change(*, page, translator, languages):
    """Mail the people behind a page's pending change that the translator's translation now waits on it.

    Call it after a translator's "Publish translation" stayed a draft. Nothing is sent when the page is not
    live (its editors publish it anyway) or holds nothing but the translator's languages, or when this
    translator was already reported on top of the same change. Recipients (people_behind_pending_change):
    the change's authors and the workflow's submitter, told that publishing their change publishes the
    translation too; and, while the page waits for approval, its approvers, told that approving it
    publishes the translation as well. Superusers only as Wagtail's WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS
    says, and nobody without an address or inactive. Each mail is in its recipient's admin language.

    Returns the number of mails sent. Mail trouble is logged and never fails the translator's save.
    """
    page = Page.objects.get(pk=page.pk).specific
    if not page.live or not other_unpublished_changes(page, languages) or _already_told(page, translator):
        return 0
    authors, approvers, workflow_state = people_behind_pending_change(page=page, translator=translator)
    recipients = [(user, False) for user in authors] + [(user, True) for user in approvers]
    if not recipients:
        return 0
    waiting = workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    changes_requested = workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    context = {
        "settings": settings,
        "page": page,
        "translator": translator,
        "workflow": workflow_state.workflow if workflow_state else None,
        "requested_by": workflow_state.requested_by if workflow_state else None,
        "waiting_for_approval": waiting,
        "changes_requested": changes_requested,
    }
    sent = 0
    try:
        with OpenedConnection(get_connection()) as connection:
            for recipient, is_approver in recipients:
                with translation.override(admin_language(recipient)):
                    recipient_context = {
                        **context,
                        "user": recipient,
                        "is_approver": is_approver,
                        # Language names in the recipient's language, in the site's order.
                        "languages": ", ".join(str(name) for code, name in settings.LANGUAGES if code in languages),
                    }
                    subject = render_to_string(SUBJECT_TEMPLATE, recipient_context)
                    text = render_to_string(TEXT_TEMPLATE, recipient_context)
                try:
                    send_mail(subject.strip(), text.strip(), [recipient.email], connection=connection)
                    sent += 1
                except OSError:
                    logger.exception("Failed to send the translation notice %r to %s", subject.strip(), recipient.email)
    except OSError:
        logger.exception("Mail connection error, the translation notice for page %s was not sent", page.pk)
    return sent
