"""Backups: `make backup` writes the database and the media files to a dated folder, `make restore`
brings them back, on PostgreSQL (a throw-away cluster) and on SQLite."""

import datetime
import hashlib
import io
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing

import pytest

from inducult.backups import BackupError, create_backup, restore_backup
from tests import ROOT

SQLITE = "django.db.backends.sqlite3"


def make(target, environment, *variables):
    return subprocess.run(
        ["make", "--no-print-directory", "-s", target, *variables],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.postgres
@pytest.mark.django_db  # so that the test database, whose schema the cluster copies, is set up
def test_make_backup_and_make_restore_bring_back_pages_and_documents_on_postgresql(postgres_template, tmp_path):
    cluster = postgres_template
    cluster.create_database("inducult_backup", template="inducult_template")
    media, backups = tmp_path / "media", tmp_path / "backups"
    environment = {key: value for key, value in os.environ.items() if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="inducult.settings.production",
        SECRET_KEY="backup-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=cluster.url("inducult_backup"),
        MEDIA_ROOT=str(media),
        BACKUP_DIR=str(backups),
    )
    content = (
        "from tests.inducult.factories import build_site, StandardPageFactory\n"
        "from tests.core.factories import PdfDocumentFactory\n"
        "home = build_site()\n"
        "StandardPageFactory(parent=home, title='Kept through the backup', slug='kept')\n"
        "print(PdfDocumentFactory(title='Kept document').file.path)\n"
    )
    created = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", content],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert created.returncode == 0, created.stderr[-3000:]
    document_file = media / created.stdout.strip().splitlines()[-1].split(f"{media}/", 1)[1]
    document_hash = sha256(document_file)

    backed_up = make("backup", environment)
    assert backed_up.returncode == 0, backed_up.stderr
    [folder] = list(backups.iterdir())
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d{6}", folder.name)
    assert str(folder) in backed_up.stdout
    assert (folder / "db.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    with tarfile.open(folder / "media.tar.gz") as archive:
        assert str(document_file.relative_to(media)) in archive.getnames()

    # Editors change a page and delete the document; its file goes.
    cluster.psql(
        "inducult_backup",
        "UPDATE wagtailcore_page SET title = 'Changed', title_en = 'Changed' WHERE slug = 'kept'; "
        "DELETE FROM sitesearch_documenttext; DELETE FROM wagtaildocs_document;",
    )
    document_file.unlink()
    assert cluster.psql("inducult_backup", "SELECT count(*) FROM wagtaildocs_document") == "0"

    assert make("restore", environment).returncode == 2  # BACKUP= is required
    restored = make("restore", environment, f"BACKUP={folder}")
    assert restored.returncode == 0, restored.stderr

    assert (
        cluster.psql("inducult_backup", "SELECT title_en FROM wagtailcore_page WHERE slug = 'kept'") == "Kept through the backup"
    )
    assert cluster.psql("inducult_backup", "SELECT title FROM wagtaildocs_document") == "Kept document"
    assert sha256(document_file) == document_hash


def sqlite_database(path, *rows):
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("CREATE TABLE IF NOT EXISTS page (title TEXT)")
        connection.execute("DELETE FROM page")
        connection.executemany("INSERT INTO page VALUES (?)", [(row,) for row in rows])
    return {"ENGINE": SQLITE, "NAME": str(path)}


def titles(path):
    with closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute("SELECT title FROM page ORDER BY title")]


def test_sqlite_backup_and_restore(tmp_path):
    database = sqlite_database(tmp_path / "db.sqlite3", "Home", "Imprint")
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "report.pdf").write_bytes(b"%PDF-1.4 a report")
    now = datetime.datetime(2026, 11, 21, 10, 15, 0)

    first = create_backup(database=database, media_root=media, backup_root=tmp_path / "backups", now=now)
    second = create_backup(database=database, media_root=media, backup_root=tmp_path / "backups", now=now)
    assert (first.name, second.name) == ("2026-11-21T101500", "2026-11-21T101500-2")
    assert sorted(path.name for path in first.iterdir()) == ["db.sqlite3", "media.tar.gz"]

    sqlite_database(tmp_path / "db.sqlite3", "Changed")
    (media / "documents" / "report.pdf").unlink()
    (media / "added-later.txt").write_text("new")
    restore_backup(first, database=database, media_root=media)

    assert titles(tmp_path / "db.sqlite3") == ["Home", "Imprint"]
    assert (media / "documents" / "report.pdf").read_bytes() == b"%PDF-1.4 a report"
    assert (media / "added-later.txt").exists()  # files added since the backup stay


def test_a_failed_backup_leaves_no_folder_that_looks_complete(tmp_path):
    with pytest.raises(BackupError, match="no SQLite database"):
        create_backup(
            database={"ENGINE": SQLITE, "NAME": str(tmp_path / "missing.sqlite3")},
            media_root=tmp_path / "media",
            backup_root=tmp_path / "backups",
        )
    assert list((tmp_path / "backups").iterdir()) == []


def test_restore_refuses_the_wrong_kind_of_backup_and_tampered_archives(tmp_path):
    database = sqlite_database(tmp_path / "db.sqlite3", "Home")
    folder = tmp_path / "backups" / "2026-11-21T101500"
    folder.mkdir(parents=True)
    (folder / "db.dump").write_bytes(b"PGDMP")
    with pytest.raises(BackupError, match="PostgreSQL"):
        restore_backup(folder, database=database, media_root=tmp_path / "media")

    (folder / "db.dump").unlink()
    sqlite_database(folder / "db.sqlite3", "Home")
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        member = tarfile.TarInfo("../outside.txt")
        member.size = 4
        archive.addfile(member, io.BytesIO(b"evil"))
    with pytest.raises(BackupError, match="not a file inside the media folder"):
        restore_backup(folder, database=database, media_root=tmp_path / "media")
    assert not (tmp_path / "outside.txt").exists()
