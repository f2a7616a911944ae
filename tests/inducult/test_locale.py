"""The interface is complete in every language: no untranslated or fuzzy entry, and no string in
the code or templates that the catalogues do not have yet."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from tests import ROOT

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
# The project's own apps (every installed app that lives in this repository) and the templates.
SOURCE_DIRS = [
    *(Path(config.path).name for config in apps.get_app_configs() if Path(config.path).parent == ROOT),
    "templates",
]


def catalogue(code, root=ROOT):
    return root / "locale" / code / "LC_MESSAGES" / "django.po"


def msgids(po_file):
    """The msgids of a .po file (joined across continuation lines), without the header."""
    ids, current, in_msgid = set(), [], False
    for line in po_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current, in_msgid = [line[6:]], True
        elif in_msgid and line.startswith('"'):
            current.append(line)
        else:
            if in_msgid:
                ids.add("".join(part.strip('"') for part in current))
            in_msgid = False
    ids.discard("")
    return ids


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_is_complete_and_has_no_fuzzy_entries(code):
    po_file = catalogue(code)
    assert po_file.exists(), f"{po_file} is missing"
    assert "#, fuzzy" not in po_file.read_text(encoding="utf-8")
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages\.", result.stderr.strip()), result.stderr


@pytest.mark.slow
def test_makemessages_finds_no_new_string(tmp_path):
    for name in SOURCE_DIRS:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    shutil.copytree(ROOT / "locale" / "de", tmp_path / "locale" / "de")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "de", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "inducult.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    new = msgids(catalogue("de", tmp_path)) - msgids(catalogue("de"))
    assert not new, f"strings missing from locale/ (run `make makemessages` and translate them): {sorted(new)}"
