"""Which release of the code is running: a digest of what shapes the pages (code, templates, static files,
translations), the same on every server running the same release. Cached entries carry it, so that after a
deploy the new code never serves what the old one rendered (the content version alone would not tell: a
`migrate` changes it while the old processes are still serving, and they would cache the old pages under it)."""

import hashlib
from pathlib import Path

SHAPING = ("core", "demo", "events", "inducult", "partners", "publications", "sitesearch", "translations", "workpackages")
SHAPING += ("templates", "static", "locale")
SUFFIXES = {".py", ".html", ".po", ".css", ".js", ".svg", ".txt", ".xml", ".json"}


def code_release(base_dir):
    """A short digest of the release's files under `base_dir` (about 20 ms at start-up)."""
    digest = hashlib.sha256()
    base_dir = Path(base_dir)
    for folder in SHAPING:
        for path in sorted((base_dir / folder).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                digest.update(path.relative_to(base_dir).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
