"""The whole test suite: one folder per app, browser journeys in e2e/."""

from pathlib import Path

# The repository's root folder.
ROOT = Path(__file__).resolve().parent.parent
