"""`make loadtest`: the demo site served as in production (gunicorn, PostgreSQL, DEBUG off) under a mix of
every public page type, filters, searches and odd queries at concurrency 16, from wrk on 127.0.0.1 and
bounded in time. Prints the figures and writes docs/reliability.md; exits non-zero on any error response or
socket error.
"""

import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402 - the benchmark's PostgreSQL, build and gunicorn helpers

DURATION = os.environ.get("LOADTEST_DURATION", "150s")
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "16"))

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
    try:
        database_url = bench.create_database(server_url, "inducult_loadtest")
        media_root = work / "media"
        bench.build(database_url, media_root, large=False)
        listed = bench.run(
            [bench.PY, "manage.py", "shell", "-c", URLS_SCRIPT],
            env=bench.django_env(database_url, media_root),
            cwd=bench.ROOT,
            capture_output=True,
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
        server = bench.Gunicorn(bench.production_env(database_url, media_root, static_root, 600))
        try:
            output = subprocess.run(
                [
                    "wrk",
                    "-t",
                    "2",
                    "-c",
                    str(CONNECTIONS),
                    "-d",
                    DURATION,
                    "--timeout",
                    "10s",
                    "-s",
                    str(script),
                    f"http://127.0.0.1:{bench.WEB_PORT}",
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        finally:
            server.stop()
    finally:
        postgres.stop()
        shutil.rmtree(work, ignore_errors=True)
    fields = re.search(r"SUMMARY (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+)", output).groups()
    total, connect, read, write, status, timeout = (int(value) for value in fields[:6])
    p50, p99 = float(fields[6]), float(fields[7])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = connect + read + write + status + timeout
    report = "\n".join(
        [
            "# Reliability under load",
            "",
            f"Measured by `make loadtest` on {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
            f"({os.cpu_count()} cores): the demo site on PostgreSQL, gunicorn with 2 workers under production settings "
            f"(page cache on), wrk from the same machine, {CONNECTIONS} connections for {DURATION}.",
            "",
            f"The mix: every live page in English, German, Czech and Croatian and some filtered listings ({len(paths)} "
            "addresses); one request in ten a site search with a random word (some of them quotes and NUL bytes) and a "
            "random, partly negative page number; one in ten an address with a random page number and year (these "
            "miss the page cache and reach the database).",
            "",
            "| requests | requests/s | p50 ms | p99 ms | non-2xx/3xx | connect | read | write | timeouts |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {total} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {status} | {connect} | {read} | {write} | {timeout} |",
            "",
            "Result: " + ("no errors." if errors == 0 else f"{errors} errors."),
            "",
        ]
    )
    print(report)
    (bench.ROOT / "docs").mkdir(exist_ok=True)
    (bench.ROOT / "docs" / "reliability.md").write_text(report)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
