#!/usr/bin/env python
"""Compile every locale/*.po of the project into .mo files with polib, so that
`make run` and `make test` need no system gettext. Only recompiles stale files."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "var"}


def main() -> None:
    compiled = 0
    for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po")):
        if SKIP.intersection(po_path.relative_to(ROOT).parts):
            continue
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled += 1
    if compiled:
        print(f"compiled {compiled} translation catalogue(s)")


if __name__ == "__main__":
    main()
