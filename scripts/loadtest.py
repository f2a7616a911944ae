"""`make loadtest`: the demo site served as in production (PostgreSQL, DEBUG off) by two gunicorn instances (as on
two machines: LOADTEST_INSTANCES) that share the database and Redis, under a mix of every public page type,
filters, searches and odd queries at concurrency 16 in all, from wrk on 127.0.0.1 and bounded in time. Halfway
through, a page is published from another process, and every instance must show it at once. Prints the figures
and writes docs/reliability.md; exits non-zero on any error response, socket error or stale page.
"""

import datetime
import html
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402 - the benchmark's PostgreSQL, build and gunicorn helpers

DURATION = os.environ.get("LOADTEST_DURATION", "150s")
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "16"))
# LOADTEST_REDIS=false: the instances share the database cache (production's default) instead of Redis.
USE_REDIS = os.environ.get("LOADTEST_REDIS", "true").lower() != "false"

# Every live page in four languages (its address in each, translated slugs included).
URLS_SCRIPT = """
import json
from django.utils import translation
from wagtail.models import Page
urls = []
for page in Page.objects.live().exclude(depth=1).specific():
    for code in ("en", "de", "cs", "hr"):
        with translation.override(code):
            urls.append(page.url)
print("LOADTEST-JSON" + json.dumps(urls))
"""

# wrk picks a path per request from this list; some carry random query strings, so that part of the load
# misses the page cache and reaches PostgreSQL.
LUA = r"""
local paths = {%s}
local words = {"industrial", "culture", "heritage", "report", "zwickau", "partner", "%%27%%22", "x%%00y"}
math.randomseed(os.time())
request = function()
  local path = paths[math.random(#paths)]
  local roll = math.random(10)
  if roll == 1 then
    path = "/en/search/?q=" .. words[math.random(#words)] .. "&page=" .. math.random(-1, 5)
  elseif roll == 2 then
    path = path .. "?page=" .. math.random(1, 99999) .. "&year=" .. math.random(1990, 2030)
  end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  io.write(string.format("SUMMARY %%d %%d %%d %%d %%d %%d %%.1f %%.1f\n", summary.requests,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


INSTANCES = int(os.environ.get("LOADTEST_INSTANCES", "2"))

# Halfway through the load an editor publishes a new title for a page that visitors are requesting; every
# instance must show it at once.
PUBLISH_SCRIPT = """
import json, time
from django.utils import translation
from inducult.models import StandardPage
page = StandardPage.objects.live().exclude(slug_en="").order_by("pk").first()
page.title_en = f"Updated during the load test {time.time_ns()}"
page.save_revision().publish()
with translation.override("en"):
    print("LOADTEST-JSON" + json.dumps({"path": page.url, "title": page.title_en}))
"""


def wrk_command(script, port, connections):
    return [
        "wrk",
        "-t",
        "1",
        "-c",
        str(connections),
        "-d",
        DURATION,
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}",
    ]


def stale_answers(bases, path, title, rounds=20):
    """How many answers for `path`, from every instance, still lack the new title right after the publish."""
    stale = 0
    for base in bases:
        for _round in range(rounds):
            with urllib.request.urlopen(base + path, timeout=10) as response:  # noqa: S310 - loopback
                stale += title not in response.read().decode()
    return stale


def seconds(duration):
    number, unit = re.fullmatch(r"(\d+)([smh]?)", duration).groups()
    return int(number) * {"": 1, "s": 1, "m": 60, "h": 3600}[unit]


def main():
    bench.need("wrk", "wrk")
    work = Path(tempfile.mkdtemp(prefix="inducult-loadtest."))
    static_root = work / "static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "inducult.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
    }
    bench.run([bench.PY, "manage.py", "collectstatic", "--noinput"], env=env, cwd=bench.ROOT, stdout=subprocess.DEVNULL)
    postgres = bench.Postgres()
    server_url = postgres.start()
    redis = bench.Redis() if USE_REDIS else None
    redis_url = redis.url(0) if redis else None
    try:
        database_url = bench.create_database(server_url, "inducult_loadtest")
        media_root = work / "media"
        bench.build(database_url, media_root, large=False)
        django_env = bench.django_env(database_url, media_root)
        listed = bench.run(
            [bench.PY, "manage.py", "shell", "-c", URLS_SCRIPT], env=django_env, cwd=bench.ROOT, capture_output=True
        ).stdout
        paths = json.loads(listed.split("LOADTEST-JSON", 1)[1])
        paths += [
            "/en/events/?year=2018",
            "/en/events/?year=2017",
            "/en/publications/?q=culture&sort=title",
            "/en/partners/?kind=academic",
            "/sitemap.xml",
            "/robots.txt",
        ]
        script = work / "mix.lua"
        script.write_text(LUA % ", ".join(f'"{path}"' for path in paths))
        # Every instance shares the database and, when redis-server is installed, Redis (as on several machines).
        server_env = bench.production_env(database_url, media_root, static_root, 600, redis_url=redis_url)
        servers = [bench.Gunicorn(server_env, port=bench.WEB_PORT + number) for number in range(INSTANCES)]
        bases = [f"http://127.0.0.1:{server.port}" for server in servers]
        try:
            per_instance = max(1, CONNECTIONS // INSTANCES)
            loads = [
                subprocess.Popen(wrk_command(script, server.port, per_instance), stdout=subprocess.PIPE, text=True)
                for server in servers
            ]
            time.sleep(seconds(DURATION) / 2)
            published = bench.run(
                [bench.PY, "manage.py", "shell", "-c", PUBLISH_SCRIPT], env=django_env, cwd=bench.ROOT, capture_output=True
            ).stdout
            change = json.loads(published.split("LOADTEST-JSON", 1)[1])
            stale = stale_answers(bases, change["path"], html.escape(change["title"]))
            outputs = [load.communicate(timeout=seconds(DURATION) + 120)[0] for load in loads]
        finally:
            for server in servers:
                server.stop()
    finally:
        if redis:
            redis.stop()
        postgres.stop()
        shutil.rmtree(work, ignore_errors=True)
    rows, errors = [], stale
    for number, output in enumerate(outputs, start=1):
        fields = re.search(r"SUMMARY (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+)", output).groups()
        total, connect, read, write, status, timeout = (int(value) for value in fields[:6])
        p50, p99 = float(fields[6]), float(fields[7])
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        errors += connect + read + write + status + timeout
        figures = (total, f"{rps:.0f}", f"{p50:.1f}", f"{p99:.1f}", status, connect, read, write, timeout)
        rows.append("| " + " | ".join(str(value) for value in (number, *figures)) + " |")
    report = "\n".join(
        [
            "# Reliability under load",
            "",
            f"Measured by `make loadtest` on {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
            f"({os.cpu_count()} cores): the demo site on PostgreSQL, {INSTANCES} gunicorn instances with 2 workers each "
            f"under production settings (page cache on, {'Redis' if redis_url else 'the database cache'} shared by all), "
            f"wrk from the same machine, {per_instance} connections per instance for {DURATION}.",
            "",
            f"The mix: every live page in English, German, Czech and Croatian and some filtered listings ({len(paths)} "
            "addresses); one request in ten a site search with a random word (some of them quotes and NUL bytes) and a "
            "random, partly negative page number; one in ten an address with a random page number and year (these "
            "miss the page cache and reach the database).",
            "",
            "| instance | requests | requests/s | p50 ms | p99 ms | non-2xx/3xx | connect | read | write | timeouts |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Halfway through, a page was published with a new title from another process (`{change['path']}`); right "
            f"after, {20 * INSTANCES} requests for it across the instances returned the old title {stale} times.",
            "",
            "Result: " + ("no errors, no stale pages." if errors == 0 else f"{errors} errors or stale pages."),
            "",
        ]
    )
    print(report)
    output = Path(os.environ.get("LOADTEST_OUTPUT", bench.ROOT / "docs" / "reliability.md"))
    output.parent.mkdir(exist_ok=True)
    output.write_text(report)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
