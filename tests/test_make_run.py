"""`make run PORT=8123`: the Makefile hands PORT to what it runs, scripts/run.sh serves
on it, and the links in e-mails follow it when SITE_URL is not set."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _settings(env: dict, name: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", f"import etwinning.settings as s; print(s.{name})"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
    )


# Environment → SITE_URL, by hand.
SITE_URLS = [
    ({}, "http://127.0.0.1:8000"),
    ({"PORT": "8123"}, "http://127.0.0.1:8123"),
    (
        {"PORT": "8123", "SITE_URL": "https://etwinning.example.org/"},
        "https://etwinning.example.org",
    ),
]


def test_the_links_in_e_mails_follow_the_port_unless_site_url_is_set():
    for env, expected in SITE_URLS:
        result = _settings(env, "SITE_URL")
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected, env


def test_a_malformed_port_stops_the_settings():
    result = _settings({"PORT": "eighty"}, "SITE_URL")
    assert result.returncode != 0
    assert "PORT='eighty' is not an integer" in result.stderr


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
