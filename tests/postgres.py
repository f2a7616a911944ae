"""A throw-away PostgreSQL cluster for the tests that stop a server or restore a dump.

Debian's server binaries (`apt-get install postgresql`) under /usr/lib/postgresql/<version>/bin; root
cannot run initdb, so as root everything runs as the `postgres` user. Outside CI a machine without
them skips these tests with a reason; in CI (CI=true) their absence fails the run.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests import ROOT

BINARY_FOLDERS = "/usr/lib/postgresql/*/bin"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_binaries(version=None):
    """The newest (or the given major version's) folder with initdb and pg_ctl, or None."""
    folders = sorted(Path("/").glob(BINARY_FOLDERS.lstrip("/")), key=lambda folder: int(folder.parent.name))
    if version is not None:
        folders = [folder for folder in folders if folder.parent.name == str(version)]
    folders = [folder for folder in folders if (folder / "initdb").exists() and (folder / "pg_ctl").exists()]
    return folders[-1] if folders else None


def postgres_binaries_or_skip(version=None):
    folder = postgres_binaries(version)
    problem = None
    if folder is None:
        problem = f"PostgreSQL server binaries not found in {BINARY_FOLDERS} (apt-get install postgresql)"
    elif os.geteuid() == 0 and shutil.which("runuser") is None:
        problem = "runuser is needed to run PostgreSQL as the postgres user"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem + ": these tests are required in CI")
        pytest.skip(problem)
    return folder


class PostgresCluster:
    """A PostgreSQL cluster in a temporary folder, on a free loopback port, trusting local connections."""

    def __init__(self, binaries):
        self.binaries = Path(binaries)
        self.folder = Path(tempfile.mkdtemp(prefix="inducult-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.folder, "postgres")
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-E", "UTF8", "-U", "postgres")

    def run(self, program, *args, check=True, **kwargs):
        command = [str(self.binaries / program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
        if check and result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stderr or result.stdout}")
        return result

    def start(self):
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c full_page_writes=off"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-o", options, "start")

    def is_running(self):
        return self.run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def remove(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, database, sql):
        return self.run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-A",
            "-t",
            "-c",
            sql,
        ).stdout.strip()

    def create_database(self, name, template=None):
        args = ["-T", template] if template else []
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", *args, name)

    def load_schema(self, database, *, environment):
        """The site's schema in the database: copied from the test run's PostgreSQL database when there
        is one (seconds), else built by `migrate` (a minute)."""
        from django.db import connections

        source = connections["default"].settings_dict
        # Only the test run's own database (pytest-django sets it up when a collected test asks for one).
        if source["ENGINE"] == "django.db.backends.postgresql" and source["NAME"].startswith("test_"):
            schema = self.folder / "schema.sql"
            dump_environment = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
            pg_dump = matching_client("pg_dump", server_version=connections["default"].pg_version)
            subprocess.run(
                [
                    pg_dump,
                    "--schema-only",
                    "--no-owner",
                    "--no-privileges",
                    "-f",
                    str(schema),
                    "-h",
                    source["HOST"] or "127.0.0.1",
                    "-p",
                    str(source["PORT"] or 5432),
                    "-U",
                    source["USER"] or "postgres",
                    source["NAME"],
                ],
                check=True,
                capture_output=True,
                env=dump_environment,
                timeout=120,
            )
            os.chmod(schema, 0o644)
            self.run(
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                "-f",
                str(schema),
            )
            return
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput"],
            cwd=ROOT,
            env={**environment, "DATABASE_URL": self.url(database)},
            check=True,
            capture_output=True,
            timeout=600,
        )


def matching_client(program, *, server_version):
    """pg_dump or pg_restore of the server's major version (a dump needs a client at least as new)."""
    major = server_version // 10000
    folder = postgres_binaries(major)
    if folder and (folder / program).exists():
        return str(folder / program)
    return shutil.which(program) or program
