"""Real servers for the tests of a deployment on several machines: Redis (Debian's redis-server), an
S3-compatible object store (moto's server mode) and the site itself under gunicorn, each on a free loopback
port. Outside CI a machine without redis-server skips those tests with a reason; in CI its absence fails."""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests import ROOT
from tests.postgres import free_port


def redis_server_or_skip():
    program = shutil.which("redis-server")
    if program is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is needed in CI (apt-get install redis-server)")
        pytest.skip("redis-server not installed (apt-get install redis-server)")
    return program


def wait_for(url, deadline_seconds=60, expected=200):
    """Until `url` answers with `expected`; fails the test at the deadline."""
    deadline = time.monotonic() + deadline_seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback test server
                if response.status == expected:
                    return
        except urllib.error.HTTPError as error:
            if error.code == expected:
                return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{url} did not answer {expected}"
        time.sleep(0.1)


def production_environment(database_url, folder, **settings):
    """This process's environment as a deployment's: production settings on `database_url`, static files
    collected into `folder`, HTTP on loopback, plus `settings`. Neither the test settings nor the browser
    tests' async override, nor this machine's REDIS_URL, DATABASE_URL or MEDIA_ROOT, are passed on."""
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "DATABASE_URL", "MEDIA_ROOT"}
    environment = {key: value for key, value in os.environ.items() if key not in dropped}
    environment.update(
        DJANGO_SETTINGS_MODULE="inducult.settings.production",
        SECRET_KEY="production-like-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(folder / "static"),
        **settings,
    )
    return environment


class Redis:
    """redis-server on a free port, without persistence; `stop()` and `start()` again on the same port."""

    def __init__(self):
        self.program = redis_server_or_skip()
        self.port = free_port()
        self.process = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [self.program, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while not self.answers():
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def answers(self):
        import socket

        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


class ObjectStore:
    """An S3-compatible server (moto's server mode) on a free port, with one bucket for the site's media."""

    BUCKET = "inducult-media"
    CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-access-key", "AWS_SECRET_ACCESS_KEY": "test-secret-key"}  # noqa: S105

    def __init__(self, folder):
        program = shutil.which("moto_server", path=os.path.dirname(sys.executable)) or shutil.which("moto_server")
        if program is None:
            pytest.fail("moto_server is missing: pip install -r requirements-dev.txt")
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = (folder / "moto.log").open("w")
        self.process = subprocess.Popen(
            [program, "-H", "127.0.0.1", "-p", str(self.port)], stdout=self.log, stderr=subprocess.STDOUT
        )
        wait_for(f"{self.endpoint}/moto-api/", 60)
        self.client().create_bucket(Bucket=self.BUCKET)

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=self.CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def environment(self):
        """The site's settings for this bucket, as a deployment sets them."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.BUCKET,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_URL_PROTOCOL": "http:",
            # moto keeps ACLs: each rendition public by its own (a real bucket may use its policy instead).
            "AWS_PUBLIC_MEDIA_ACL": "public-read",
            **self.CREDENTIALS,
        }

    def keys(self, prefix=""):
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.BUCKET, Prefix=prefix)
        return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))

    def is_public(self, key):
        grants = self.client().get_object_acl(Bucket=self.BUCKET, Key=key)["Grants"]
        return any(grant["Grantee"].get("URI", "").endswith("/global/AllUsers") for grant in grants)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


class Gunicorn:
    """The site under gunicorn with production settings in `environment`, on a free port."""

    def __init__(self, environment, folder, name, workers=2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / f"{name}.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "inducult.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "60",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(f"{self.base}/healthz", 60)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
