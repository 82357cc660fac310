"""`make run PORT=8123`: the Makefile hands PORT to what it runs, scripts/run.sh serves
on it."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_the_makefile_hands_the_port_to_the_commands_it_runs():
    def port_seen(*arguments: str) -> str:
        result = subprocess.run(
            ["make", "--no-print-directory", "-s", "-f", "Makefile", "-f", "-", *arguments],
            input='port-seen:\n\t@echo "$$PORT"\n',
            cwd=ROOT,
            env={"PATH": os.environ["PATH"]},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    assert port_seen("port-seen", "PORT=8123") == "8123"
    assert port_seen("port-seen") == "8000"


def test_run_sh_serves_on_the_port(tmp_path):
    """scripts/run.sh in a copy of the tree whose Python only says what it was asked."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "run.sh", tmp_path / "scripts" / "run.sh")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text('#!/bin/sh\necho "python $*"\n')
    python.chmod(python.stat().st_mode | stat.S_IXUSR)

    result = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "run.sh")],
        env={"PATH": "/usr/bin:/bin", "PORT": "8123"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Serving the portal on http://127.0.0.1:8123/" in result.stdout
    assert "python manage.py runserver 127.0.0.1:8123 --noreload" in result.stdout
