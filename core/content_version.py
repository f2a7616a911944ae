"""The content version: one row in the database that every server process reads, at most once per request,
with the tree paths of the pages behind a view restriction (core.cache keys every cached entry with it).

It gets a new random token, in the same transaction, whenever anything a visitor can see changes: no
process can see the change without the new version, or the other way round. What decides who may see what
(the restricted paths) is read from the database with it, never from a cache.
"""

import secrets
from contextvars import ContextVar

from django.db import connection, connections, models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction


class ContentVersion(models.Model):
    """The one row holding the current content version's token."""

    ROW = 1

    token = models.CharField(_("token"), max_length=32, help_text=_("Changes whenever published content changes."))

    class Meta:
        app_label = "core"
        verbose_name = _("content version")

    def __str__(self):
        return self.token


class _Snapshot:
    """The version and the restricted paths as one request read them."""

    state = None  # (version, restricted paths), read on first use


# Set for the duration of each request (request_started/request_finished): a request reads the database
# once however many cache keys it makes. Outside requests (management commands, the shell) every use reads.
_request_snapshot = ContextVar("core_request_snapshot", default=None)


def start_request(**kwargs):
    _request_snapshot.set(_Snapshot())


def finish_request(**kwargs):
    _request_snapshot.set(None)


def new_token():
    return secrets.token_hex(8)


def _state_query(connection):
    versions, restrictions, pages = (
        connection.ops.quote_name(model._meta.db_table) for model in (ContentVersion, PageViewRestriction, Page)
    )
    # Plain SQL: the ORM would spend more time building this query than the database spends answering it,
    # on every request. Only the models' table names go into it.
    version = f"SELECT 'version', token FROM {versions} WHERE id = %s"  # noqa: S608
    restricted = f"SELECT 'restricted', p.path FROM {restrictions} r JOIN {pages} p ON p.id = r.page_id"  # noqa: S608
    return f"{version} UNION ALL {restricted}"


def _read_state():
    """The content version and the restricted pages' paths, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(_state_query(connection), [ContentVersion.ROW])
        rows = cursor.fetchall()
    tokens = [text for kind, text in rows if kind == "version"]
    restricted = tuple(sorted(text for kind, text in rows if kind == "restricted"))
    if not tokens:
        # A new database, or one a test flushed: the row is made once, by whichever process comes first.
        row, _created = ContentVersion.objects.get_or_create(pk=ContentVersion.ROW, defaults={"token": new_token()})
        tokens = [row.token]
    return tokens[0], restricted


def _state():
    snapshot = _request_snapshot.get()
    if snapshot is None:
        return _read_state()
    if snapshot.state is None:
        snapshot.state = _read_state()
    return snapshot.state


def content_version():
    """The current content version, as the database has it (read once per request)."""
    return _state()[0]


def restricted_paths():
    """Tree paths of the pages with a view restriction (password, login or groups): they and their
    descendants are not public. From the database, once per request: never from a cache."""
    return _state()[1]


def is_restricted(path):
    return any(path.startswith(restricted) for restricted in restricted_paths())


def bump_content_version():
    """A new content version: in the current transaction if there is one, so that other processes see
    it exactly when they see the change that caused it."""
    token = new_token()
    if not ContentVersion.objects.filter(pk=ContentVersion.ROW).update(token=token):
        ContentVersion.objects.get_or_create(pk=ContentVersion.ROW, defaults={"token": token})
    snapshot = _request_snapshot.get()
    if snapshot is not None:
        snapshot.state = None


def after_migrate(using, **kwargs):
    """After `migrate`: one new version for everything the migrations changed (they send no signals that count)."""
    if ContentVersion._meta.db_table in connections[using].introspection.table_names():
        bump_content_version()
