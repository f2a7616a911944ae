"""`make bench`: serve the site as in production (gunicorn, whitenoise, PostgreSQL, DEBUG off) at demo size
and with a large dataset, load every public page type and a static file with wrk, and report requests per
second, p50/p99 latency, each page's throughput as a share of the static file's, SQL queries per page and the
home page's weight on a phone. Pages are measured uncached, cached with the default cache (the content version
read from the database, a copy of each page in each worker) and, when Debian's redis-server is installed,
cached with REDIS_URL. Prints a table and writes docs/performance.md (BENCH_OUTPUT names another file;
BENCH_SIZES=demo measures the demo only).

Everything runs on 127.0.0.1: a throw-away PostgreSQL cluster (unless BENCH_DATABASE_URL names a server
whose databases it may create and drop), gunicorn, and wrk, each run bounded in time.
"""

import datetime
import gzip
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "55460"))
WEB_PORT = int(os.environ.get("BENCH_PORT", "8321"))
DURATION = os.environ.get("BENCH_DURATION", "4s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
LARGE = {
    "partners": int(os.environ.get("BENCH_PARTNERS", "100")),
    "events": int(os.environ.get("BENCH_EVENTS", "2000")),
    "publications": int(os.environ.get("BENCH_PUBLICATIONS", "5000")),
}
TARGET_UNCACHED, TARGET_CACHED, TARGET_QUERIES, TARGET_HOME_KB = 5.0, 60.0, 12, 150
# In-process time: the large dataset's pages and the listings' last pages at most this times their reference.
TARGET_GROWTH = 1.25
# A run starts only on a machine this idle (the share of CPU time idle over two seconds); else it is marked.
IDLE_REQUIRED = 0.9
ANALYSIS_MARKER = "<!-- analysis: kept by make bench -->"
SIZES = [size.strip() for size in os.environ.get("BENCH_SIZES", "demo,large").split(",") if size.strip()]
# A quick look at some pages only (names containing one of these words) and some modes; never for the record.
ONLY_PAGES = [word.strip() for word in os.environ.get("BENCH_PAGES", "").split(",") if word.strip()]
MODES = [mode.strip() for mode in os.environ.get("BENCH_MODES", "uncached,cached,Redis").split(",") if mode.strip()]
OUTPUT = Path(os.environ.get("BENCH_OUTPUT", str(ROOT / "docs" / "performance.md")))
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "55461"))

# Asks the running site (through Django's test client, on the benchmark database) for one URL of each
# page type, counts its SQL queries with the whole-page cache off, and whether the page cache keeps it (a
# second visit that reads nothing but the content version).
PAGES_SCRIPT = r"""
import json
import time
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from events.models import EventPage
from inducult.models import HomePage, StandardPage
from workpackages.models import WorkPackageIndexPage, WorkPackagePage
from partners.models import PartnerIndexPage, PartnerPage
from publications.models import PublicationIndexPage, PublicationPage
from events.models import EventIndexPage

def first(model, **filters):
    return model.objects.live().filter(**filters).order_by("path").first()

with translation.override("en"):
    pages = {
        "home": HomePage.objects.first().url,
        "standard page": first(StandardPage).url,
        "work package index": first(WorkPackageIndexPage).url,
        "work package": first(WorkPackagePage).url,
        "partner index": first(PartnerIndexPage).url,
        "partner": first(PartnerPage, slug="district-of-zwickau").url,
        "event index": first(EventIndexPage).url,
        "event index, filtered": first(EventIndexPage).url + "?year=2018",
        "event": (EventPage.objects.live().filter(slug__icontains="5th").first() or first(EventPage)).url,
        "library": first(PublicationIndexPage).url,
        "library, searched": first(PublicationIndexPage).url + "?q=report&sort=title",
        "search": "/en/search/?q=industrial+culture",
        "search, Czech, inflected": "/cs/search/?q=pr%C5%AFmyslov%C3%A1+kultura",
        "publication": first(PublicationPage).url,
        "sitemap": "/sitemap.xml",
    }
    for name, index in [("event index", first(EventIndexPage)), ("library", first(PublicationIndexPage))]:
        # With one page the last page is the first, whose address has no ?page=1 (that one is not canonical).
        last = index.page_count({})
        pages[f"{name}, last page"] = f"{index.url}?page={last}" if last > 1 else index.url
    pages["floor: the frame (base.html)"] = "/en/_floor/frame/"
    pages["floor: a trivial template"] = "/en/_floor/trivial/"
client = Client(HTTP_HOST="127.0.0.1")
counts = {}


def in_process_ms(url, repeat=7):
    # The median time of rendering a page afresh in this process (no network, no other load).
    times = []
    client.get(url)
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)[len(times) // 2]


with override_settings(INDUCULT_PAGE_CACHE_SECONDS=0):
    for name, url in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        # DEBUG off, as in production: no query log, no debug templates.
        with override_settings(DEBUG=False):
            counts[name] = {"url": url, "queries": len(queries), "status": status, "ms": in_process_ms(url)}
with override_settings(INDUCULT_PAGE_CACHE_SECONDS=600):
    for name, url in pages.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[name]["cacheable"] = len(queries) <= 1
    # A publish makes every page out of date: the first visitor after it pays for one page, not the site.
    publication = first(PublicationPage)
    publication.save_revision().publish()
    after_publish = {}
    for name in ["home", "library", "publication"]:
        started = time.perf_counter()
        client.get(pages[name])
        after_publish[name] = (time.perf_counter() - started) * 1000
print("BENCH-JSON" + json.dumps({"pages": counts, "after_publish": after_publish}))
"""


def run(command, env=None, **kwargs):
    return subprocess.run(command, env=env, check=True, text=True, **kwargs)


def need(program, package):
    if shutil.which(program):
        return
    if os.geteuid() != 0:
        sys.exit(f"{program} is missing: install Debian's package {package}.")
    print(f"Installing {package} from Debian's packages …", flush=True)
    run(["apt-get", "update", "-qq"])
    run(["apt-get", "install", "-y", "-qq", package], stdout=subprocess.DEVNULL)


class Postgres:
    """A throw-away cluster on loopback, run as the postgres user (root may not run initdb)."""

    def __init__(self):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins:
            need("pg_ctlcluster", "postgresql")
            bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        self.bin = bins[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="inducult-bench-pg."))
        shutil.chown(self.dir, "postgres")
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def start(self):
        run(
            [
                *self.as_postgres,
                str(self.bin / "initdb"),
                "-D",
                str(self.dir / "data"),
                "-A",
                "trust",
                "-E",
                "UTF8",
                "-U",
                "postgres",
            ],
            stdout=subprocess.DEVNULL,
        )
        options = f"-c listen_addresses=127.0.0.1 -p {PG_PORT} -k {self.dir} -c fsync=off -c synchronous_commit=off"
        run(
            [
                *self.as_postgres,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.dir / "data"),
                "-l",
                str(self.dir / "log"),
                "-w",
                "-o",
                options,
                "start",
            ],
            stdout=subprocess.DEVNULL,
        )
        return f"postgres://postgres@127.0.0.1:{PG_PORT}"

    def stop(self):
        subprocess.run(
            [*self.as_postgres, str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


def create_database(server_url, name):
    import psycopg2  # from the virtualenv

    connection = psycopg2.connect(server_url + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return f"{server_url}/{name}"


def django_env(database_url, media_root, **extra):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "inducult.settings.dev",
        **extra,
    }


def build(database_url, media_root, large):
    env = django_env(database_url, media_root)
    run([PY, "manage.py", "migrate", "--noinput"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    run([PY, "manage.py", "load_demo_content"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    if large:
        started = time.monotonic()
        run([PY, "manage.py", "load_bench_content", *(f"--{key}={value}" for key, value in LARGE.items())], env=env, cwd=ROOT)
        print(f"  large dataset built in {time.monotonic() - started:.0f} s", flush=True)
    # Statistics for the query planner, as a running database has them: measured right after thousands of
    # inserts, a plan depends on whether autovacuum has got round to the tables yet (one run measured the
    # library at 27 ms in-process, the run before at 9.6 ms, nothing changed in between).
    analyze = "from django.db import connection; connection.cursor().execute('ANALYZE')"
    run([PY, "manage.py", "shell", "-c", analyze], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)


def page_info(database_url, media_root):
    env = django_env(database_url, media_root, BENCH_FLOOR="true")
    output = run([PY, "manage.py", "shell", "-c", PAGES_SCRIPT], env=env, cwd=ROOT, capture_output=True).stdout
    return json.loads(output.split("BENCH-JSON", 1)[1])


def machine_idle(seconds=2.0):
    """The share of CPU time the machine spent idle over the next `seconds`, from /proc/stat: measured before
    a run, when nothing of the benchmark is busy, it tells whether something else is."""

    def sample():
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    idle_before, total_before = sample()
    time.sleep(seconds)
    idle_after, total_after = sample()
    return (idle_after - idle_before) / max(1, total_after - total_before)


def production_env(database_url, media_root, static_root, page_cache_seconds, redis_url=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "inducult.settings.production",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "STATIC_ROOT": str(static_root),
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "LOG_LEVEL": "WARNING",
        "BENCH_FLOOR": "true",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


class Redis:
    """Debian's redis-server on loopback, without persistence, for the REDIS_URL run (skipped without it)."""

    def __init__(self):
        self.process = None
        if shutil.which("redis-server"):
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
            )

    def url(self, database):
        return f"redis://127.0.0.1:{REDIS_PORT}/{database}" if self.process else None

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)


class Gunicorn:
    def __init__(self, env, port=WEB_PORT):
        self.port = port
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "inducult.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)  # noqa: S310
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        sys.exit("gunicorn did not start")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


# wrk --latency prints "50%  1.63ms" (wrk2 prints "50.000%").
WRK_LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)


def wrk(url):
    """Requests per second, p50 and p99 latency in ms, and non-2xx/3xx responses."""
    output = subprocess.run(
        ["wrk", "--latency", "-t", "2", "-c", str(CONNECTIONS), "-d", DURATION, "--timeout", "10s", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
    latency = {pct: float(value) * scale[unit] for pct, value, unit in WRK_LATENCY.findall(output)}
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {"rps": rps, "p50": latency.get("50"), "p99": latency.get("99"), "errors": int(errors.group(1)) if errors else 0}


def static_url(base):
    html = urllib.request.urlopen(base + "/en/", timeout=10).read().decode()  # noqa: S310
    return re.search(r'href="(/static/css/[^"]+\.css)"', html).group(1)


def home_weight(base):
    """Bytes a phone downloads for the home page's first view: compressed HTML, its stylesheets and
    scripts, and the images that are not lazy-loaded."""

    def fetch(path):
        request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip", "User-Agent": "Mobile"})
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.read(), response.headers.get("Content-Encoding")

    html_bytes, encoding = fetch("/en/")
    html = gzip.decompress(html_bytes).decode() if encoding == "gzip" else html_bytes.decode()
    parts = {"html": len(html_bytes)}
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', html)
    assets += [
        src
        for tag in re.findall(r"<img\b[^>]*>", html)
        if 'loading="lazy"' not in tag
        for src in re.findall(r'\ssrc="([^"]+)"', tag)
    ]
    assets += re.findall(r'<link[^>]+rel="icon"[^>]+href="([^"]+)"', html)
    for path in dict.fromkeys(assets):
        try:
            parts[path] = len(fetch(path)[0])
        except OSError as error:
            parts[f"{path} ({error})"] = 0
    return parts


def measure(label, env, pages):
    machine = {"idle": machine_idle(), "load": os.getloadavg()[0]}
    if machine["idle"] < IDLE_REQUIRED:
        print(f"  {label}: the machine is busy ({100 * machine['idle']:.0f} % idle); these figures will be marked", flush=True)
    server = Gunicorn(env)
    base = f"http://127.0.0.1:{WEB_PORT}"
    try:
        static = base + static_url(base)
        wrk(static)  # warm-up
        results = {"static file": wrk(static), "machine": machine}
        for name, info in pages.items():
            url = base + info["url"]
            urllib.request.urlopen(url, timeout=30).read()  # noqa: S310 - warm the worker
            results[name] = wrk(url)
            print(f"  {label:<22} {name:<24} {results[name]['rps']:>8.0f} req/s", flush=True)
        weight = home_weight(base)
    finally:
        server.stop()
    return results, weight


def main():
    need("wrk", "wrk")
    started = datetime.datetime.now(datetime.UTC)
    work = Path(tempfile.mkdtemp(prefix="inducult-bench."))
    static_root = work / "static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "inducult.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
    }
    run([PY, "manage.py", "collectstatic", "--noinput"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)

    postgres = None
    server_url = os.environ.get("BENCH_DATABASE_URL")
    if not server_url:
        postgres = Postgres()
        server_url = postgres.start()
    redis = Redis()
    sizes = {}
    try:
        for number, size in enumerate(SIZES):
            print(f"Building the {size} dataset …", flush=True)
            media_root = work / f"media-{size}"
            database_url = create_database(server_url, f"inducult_bench_{size}")
            build(database_url, media_root, large=size == "large")
            info = page_info(database_url, media_root)
            pages = info["pages"]
            if ONLY_PAGES:
                pages = {name: page for name, page in pages.items() if any(word in name for word in ONLY_PAGES)}
            runs = {}
            modes = [("uncached", 0, None), ("cached", 600, None)]
            if redis.url(number):
                modes.append(("Redis", 600, redis.url(number)))
            modes = [mode for mode in modes if mode[0] in MODES]
            for mode, seconds, redis_url in modes:
                environment = production_env(database_url, media_root, static_root, seconds, redis_url)
                runs[mode] = measure(f"{size}, {mode}", environment, pages)
            sizes[size] = {"pages": pages, "runs": runs, "after_publish": info["after_publish"]}
    finally:
        redis.stop()
        if postgres:
            postgres.stop()
        shutil.rmtree(work, ignore_errors=True)

    (Path(tempfile.gettempdir()) / "inducult-bench-results.json").write_text(json.dumps(sizes, indent=1))
    if ONLY_PAGES or set(MODES) != {"uncached", "cached", "Redis"}:
        print(quick_report(sizes))
        return
    report = render(sizes, started)
    print(report)
    target = OUTPUT
    target.parent.mkdir(parents=True, exist_ok=True)
    # The maintainers' reading of the figures, below the marker, survives a new run.
    previous = target.read_text() if target.exists() else ""
    if ANALYSIS_MARKER in previous:
        report += "\n" + previous[previous.index(ANALYSIS_MARKER) :]
    target.write_text(report)
    print(f"Written to {target}")


def quick_report(sizes):
    """Some pages and modes only (BENCH_PAGES, BENCH_MODES): each page's share of the static file and its time
    in-process; not written to docs/performance.md, whose table needs every page and mode."""
    lines = ["| size | mode | page | req/s | share of the static file | in-process ms |", "|---|---|---|---:|---:|---:|"]
    for size, data in sizes.items():
        for mode, (results, _weight) in data["runs"].items():
            static = results["static file"]["rps"]
            for name, info in data["pages"].items():
                rps = results[name]["rps"]
                lines.append(f"| {size} | {mode} | {name} | {rps:.0f} | {100 * rps / static:.1f} % | {ms(info.get('ms'))} |")
    return "\n".join(lines)


def ms(value):
    return "–" if value is None else f"{value:.1f}"


def render(sizes, started):
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {started:%Y-%m-%d %H:%M} UTC, on {platform.node()}: {os.cpu_count()} cores "
        f"({cpu}), {platform.platform()}, Python {platform.python_version()}.",
        f"gunicorn (2 workers) under production settings (DEBUG off, whitenoise, GZip) on PostgreSQL; load from wrk "
        f"(2 threads, {CONNECTIONS} connections, {DURATION} per URL) on the same machine. "
        + (
            f"Large dataset: {LARGE['partners']} partners, {LARGE['events']} more events with {20}-slot agendas, "
            f"{LARGE['publications']} more publications with a file each, German titles for a third."
            if "large" in sizes
            else f"Datasets: {', '.join(sizes)} only (BENCH_SIZES)."
        ),
        "",
        "Cached: the default cache (the content version read from the database on every request, a copy of each "
        "page in each worker); Redis: the same with REDIS_URL (one copy shared by all workers).",
        "",
        f"Targets: at most {TARGET_QUERIES} queries per page and the same at both sizes; uncached at least "
        f"{TARGET_UNCACHED:g} % and cached at least {TARGET_CACHED:g} % of the static file's throughput; in-process time at "
        f"the large size at most {TARGET_GROWTH}× the demo size, and a listing's last page at most {TARGET_GROWTH}× its "
        f"first; the home page at most {TARGET_HOME_KB} KB on a phone. The two floor rows (the empty frame and a trivial "
        "template through the same stack) are references, not targets; *in-process ms* is the median time of rendering "
        "the page afresh in one process, without the network or wrk.",
        "",
    ]
    failures = []
    for size, data in sizes.items():
        pages, runs = data["pages"], data["runs"]
        static = {mode: runs[mode][0]["static file"]["rps"] for mode in runs}
        with_redis = "Redis" in runs
        frame = runs["uncached"][0].get("floor: the frame (base.html)", {}).get("rps")
        lines += [f"## {size.capitalize()} dataset", ""]
        for mode, (results, _weight) in runs.items():
            machine = results.get("machine")
            if machine:
                lines.append(
                    f"Before the {mode} run: {100 * machine['idle']:.0f} % idle, load average {machine['load']:.2f}"
                    + (" — BUSY: the figures of this run are not comparable." if machine["idle"] < IDLE_REQUIRED else ".")
                )
                if machine["idle"] < IDLE_REQUIRED:
                    failures.append(f"{size}: the {mode} run was measured on a busy machine")
        lines += [
            "",
            f"Static file: {static['uncached']:.0f} req/s (uncached run), {static['cached']:.0f} req/s (cached run)"
            + (f", {static['Redis']:.0f} req/s (Redis run)." if with_redis else "."),
            "",
            "| page | URL | queries | in-process ms | uncached req/s | p50 ms | p99 ms | % of static | % of frame "
            "| cached req/s | p50 ms | p99 ms | % of static | Redis req/s | % of static | errors |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, info in pages.items():
            uncached, cached = runs["uncached"][0][name], runs["cached"][0][name]
            redis = runs["Redis"][0][name] if with_redis else None
            share_u = 100 * uncached["rps"] / static["uncached"]
            share_c = 100 * cached["rps"] / static["cached"]
            redis_rps = f"{redis['rps']:.0f}" if redis else "–"
            redis_share = f"{100 * redis['rps'] / static['Redis']:.1f} %" if redis else "–"
            errors = uncached["errors"] + cached["errors"] + (redis["errors"] if redis else 0)
            # Addresses the page cache never keeps (a free-text search) are rendered in the cached runs too.
            never = "" if info.get("cacheable", True) else " (never cached)"
            of_frame = f"{100 * uncached['rps'] / frame:.0f} %" if frame else "–"
            lines.append(
                f"| {name}{never} | `{info['url'][:60]}` | {info['queries']} | {ms(info.get('ms'))} | {uncached['rps']:.0f} | "
                f"{ms(uncached['p50'])} | {ms(uncached['p99'])} | {share_u:.1f} % | {of_frame} | {cached['rps']:.0f} | "
                f"{ms(cached['p50'])} | {ms(cached['p99'])} | {share_c:.1f} % | {redis_rps} | {redis_share} | {errors} |"
            )
            if name.startswith("floor:"):
                continue
            if info["queries"] > TARGET_QUERIES:
                failures.append(f"{size}: {name} needs {info['queries']} queries")
            if share_u < TARGET_UNCACHED:
                failures.append(f"{size}: {name} uncached at {share_u:.1f} % of the static file")
            if info.get("cacheable", True) and share_c < TARGET_CACHED:
                failures.append(f"{size}: {name} cached at {share_c:.1f} % of the static file")
            if errors:
                failures.append(f"{size}: {name} had {errors} error responses")
        lines.append("")
        for listing in ("event index", "library"):
            first_ms, last_ms = pages[listing].get("ms"), pages.get(f"{listing}, last page", {}).get("ms")
            if first_ms and last_ms and last_ms > TARGET_GROWTH * first_ms:
                failures.append(f"{size}: the {listing}'s last page takes {last_ms:.1f} ms, its first {first_ms:.1f} ms")
        after = data.get("after_publish", {})
        if after:
            lines += [
                "Right after a publish (every cached page out of date), the first visitor of each page waits: "
                + ", ".join(f"{name} {value:.0f} ms" for name, value in after.items())
                + " (in-process, the first render of each).",
                "",
            ]
    if "demo" in sizes and "large" in sizes:
        demo_pages, large_pages = sizes["demo"]["pages"], sizes["large"]["pages"]
        differing = [name for name in demo_pages if demo_pages[name]["queries"] != large_pages[name]["queries"]]
        for name in differing:
            failures.append(f"{name}: {demo_pages[name]['queries']} queries at demo size, {large_pages[name]['queries']} large")
        for name, demo_info in demo_pages.items():
            demo_ms, large_ms = demo_info.get("ms"), large_pages.get(name, {}).get("ms")
            if not name.startswith("floor:") and demo_ms and large_ms and large_ms > TARGET_GROWTH * demo_ms:
                failures.append(f"{name}: {large_ms:.1f} ms in-process at the large size, {demo_ms:.1f} ms at the demo size")
    weighed = sizes.get("large") or next(iter(sizes.values()))
    weight = weighed["runs"]["uncached"][1]
    total = sum(weight.values())
    lines += ["## Home page on a phone (first view)", "", "| resource | bytes transferred |", "|---|---:|"]
    lines += [f"| `{name}` | {size} |" for name, size in weight.items()]
    lines += [f"| **total** | **{total}** ({total / 1024:.1f} KB) |", ""]
    if total > TARGET_HOME_KB * 1024:
        failures.append(f"home page first view {total / 1024:.0f} KB")
    lines += ["## Targets", ""]
    lines += [f"- NOT MET: {failure}" for failure in failures] or ["- All targets met in this run."]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
