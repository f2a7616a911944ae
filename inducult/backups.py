"""Backups of the database and the uploaded files, and restoring them (`make backup`, `make restore`).

A backup is a dated folder holding the database (PostgreSQL: `pg_dump`'s custom format; SQLite: a
consistent copy made with SQLite's backup API) and `media.tar.gz`, the whole MEDIA_ROOT or, with media in a
bucket (core.object_storage), every object of the site there, under the same names. It is written under a
temporary name and renamed when complete, so a folder with a date is always a whole backup.
"""

import datetime
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage

POSTGRES_DUMP = "db.dump"
SQLITE_COPY = "db.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"


def media_bucket():
    """The media storage when the media live in a bucket (AWS_STORAGE_BUCKET_NAME), else None: MEDIA_ROOT."""
    return default_storage if settings.AWS_STORAGE_BUCKET_NAME else None


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a message for the person running it."""


def database_kind(database):
    engine = database["ENGINE"]
    if engine == "django.db.backends.postgresql":
        return "postgresql"
    if engine == "django.db.backends.sqlite3":
        return "sqlite"
    raise BackupError(f"Backups cover PostgreSQL and SQLite databases, not {engine}.")


def create_backup(*, database, media_root, backup_root, now=None, bucket=None):
    """Dump the database and archive the media files (of `bucket`, an ObjectStorage, when given, else of
    media_root) into a new dated folder below backup_root; its path."""
    kind = database_kind(database)
    backup_root = Path(backup_root)
    backup_root.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.datetime.now()).strftime("%Y-%m-%dT%H%M%S")
    folder, number = backup_root / stamp, 1
    while folder.exists() or folder.with_name(f".{folder.name}.partial").exists():
        number += 1
        folder = backup_root / f"{stamp}-{number}"
    partial = folder.with_name(f".{folder.name}.partial")
    partial.mkdir()
    try:
        if kind == "postgresql":
            run_postgres_client("pg_dump", database, "--format=custom", f"--file={partial / POSTGRES_DUMP}")
        else:
            copy_sqlite(Path(database["NAME"]), partial / SQLITE_COPY)
        if bucket is not None:
            archive_bucket(bucket, partial / MEDIA_ARCHIVE)
        else:
            archive_media(Path(media_root), partial / MEDIA_ARCHIVE)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(folder)
    return folder


def restore_backup(folder, *, database, media_root, bucket=None):
    """Put the database and the media files (into `bucket` when given) back as they were in the backup folder.

    The database is replaced as a whole (PostgreSQL: in one transaction, so a failed restore changes
    nothing). Media files from the backup overwrite the current ones; files added since stay.
    """
    kind = database_kind(database)
    folder = Path(folder)
    dump = folder / (POSTGRES_DUMP if kind == "postgresql" else SQLITE_COPY)
    if not dump.is_file():
        other = SQLITE_COPY if kind == "postgresql" else POSTGRES_DUMP
        hint = (
            f" It holds {other}: a backup of a {'SQLite' if kind == 'postgresql' else 'PostgreSQL'} database."
            if (folder / other).exists()
            else ""
        )
        raise BackupError(f"{folder} has no {dump.name} for this {kind} database.{hint}")
    if not (folder / MEDIA_ARCHIVE).is_file():
        raise BackupError(f"{folder} has no {MEDIA_ARCHIVE}.")
    media_root = Path(media_root)
    if bucket is not None:
        check_bucket_archive(folder / MEDIA_ARCHIVE)
    else:
        check_media_archive(folder / MEDIA_ARCHIVE, media_root)
    if kind == "postgresql":
        run_postgres_client(
            "pg_restore",
            database,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={database['NAME']}",
            str(dump),
        )
    else:
        copy_sqlite(dump, Path(database["NAME"]))
    if bucket is not None:
        extract_to_bucket(folder / MEDIA_ARCHIVE, bucket)
    else:
        extract_media(folder / MEDIA_ARCHIVE, media_root)


def copy_sqlite(source, target):
    """A consistent copy even while the site writes to the source (SQLite's online backup API)."""
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)


def archive_media(media_root, archive):
    with tarfile.open(archive, "w:gz") as tar:
        if media_root.is_dir():
            for entry in sorted(media_root.iterdir()):
                tar.add(entry, arcname=entry.name)


def check_media_archive(archive, media_root):
    """Only plain files and folders inside MEDIA_ROOT, whatever a tampered archive says; checked before
    anything is restored."""
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            path = (media_root / member.name).resolve()
            if not (member.isfile() or member.isdir()) or not path.is_relative_to(media_root.resolve()):
                raise BackupError(f"{archive} holds {member.name!r}, which is not a file inside the media folder.")


def extract_media(archive, media_root):
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(media_root, filter="data")


def archive_bucket(bucket, archive):
    """Every object the site keeps in the bucket, as files named by their keys (the layout of MEDIA_ROOT)."""
    with tarfile.open(archive, "w:gz") as tar:
        for name in bucket.keys():
            with bucket.open(name, "rb") as content:
                info = tarfile.TarInfo(name)
                info.size = content.size
                info.mtime = bucket.get_modified_time(name).timestamp()
                tar.addfile(info, content)


def check_bucket_archive(archive):
    """Only plain files and folders with relative names that stay where they are, whatever a tampered archive
    says; checked before anything is restored."""
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            name = member.name
            normal = posixpath.normpath(name)
            outside = name.startswith("/") or normal.startswith("..") or normal != name.rstrip("/")
            if outside or not (member.isfile() or member.isdir()):
                raise BackupError(f"{archive} holds {name!r}, which is not a file of the media bucket.")


def extract_to_bucket(archive, bucket):
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            if member.isfile():
                bucket.put(member.name, tar.extractfile(member))


def run_postgres_client(program, database, *args):
    """pg_dump or pg_restore against the configured database, of the server's major version if installed."""
    environment = {**os.environ, **postgres_environment(database)}
    command = [postgres_client(program, database), *args]
    if program == "pg_dump":
        command.append(database["NAME"])
    try:
        # The arguments come from the settings and this module, and no shell reads them.
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def postgres_environment(database):
    """libpq's environment variables for the database, so no password appears in a process list."""
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
    environment = {variable: str(database[key]) for key, variable in names.items() if database.get(key)}
    options = database.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("connect_timeout", "PGCONNECT_TIMEOUT")):
        if option in options:
            environment[variable] = str(options[option])
    return environment


def postgres_client(program, database):
    """Debian installs each major version's clients side by side; a dump needs one at least as new as
    the server, and a restore reads what that version wrote. PG_BINDIR overrides the choice."""
    if os.environ.get("PG_BINDIR"):
        return str(Path(os.environ["PG_BINDIR"]) / program)
    major = server_major_version(database)
    candidate = Path(f"/usr/lib/postgresql/{major}/bin/{program}") if major else None
    if candidate and candidate.exists():
        return str(candidate)
    return shutil.which(program) or program


def server_major_version(database):
    # Imported here: only a PostgreSQL database needs the driver (backups of SQLite do not).
    import psycopg2

    try:
        connection = psycopg2.connect(dbname=database["NAME"], **postgres_connection(database))
    except psycopg2.OperationalError as error:
        raise BackupError(f"Cannot reach the database: {error}".strip()) from None
    try:
        return connection.server_version // 10000
    finally:
        connection.close()


def postgres_connection(database):
    keys = {"HOST": "host", "PORT": "port", "USER": "user", "PASSWORD": "password"}
    connection = {name: database[key] for key, name in keys.items() if database.get(key)}
    options = database.get("OPTIONS") or {}
    connection.update({key: options[key] for key in ("sslmode", "connect_timeout") if key in options})
    return connection
