"""Running the site's `manage.py` in a fresh process, as a deployment starts it, to read what a settings module
and an environment produce."""

import os
import subprocess
import sys

from tests import ROOT

# A deployment gets neither the test settings module nor the browser tests' async override.
NOT_INHERITED = ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")


def run_manage(*args, without=(), **env):
    """`manage.py <args>` with this process's environment minus NOT_INHERITED and `without`, plus `env`."""
    dropped = {*NOT_INHERITED, *without}
    environment = {key: value for key, value in os.environ.items() if key not in dropped}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
