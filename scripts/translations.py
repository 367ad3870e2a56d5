"""Extract, update and compile the translation catalogues: one per feature package, merged at run time.

    python scripts/translations.py extract [FEATURE]  # update every fr .po, or one feature's (portal: the foundation's)
    python scripts/translations.py compile   # .po -> .mo (the build does this; .mo files are not committed)
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ("commitments", "coalitions", "consultations", "search")


def catalogues() -> dict[Path, list[str]]:
    """translations directory -> the source paths whose strings it holds."""
    foundation = ["portal/__init__.py", "portal/web.py", "portal/i18n.py", "portal/permissions.py", "portal/mail.py",
                  "portal/auth", "portal/admin", "portal/core", "portal/demo", "templates/base.html",
                  "templates/_quick_exit.html", "templates/_macros", "templates/errors", "templates/core",
                  "templates/auth", "templates/admin", "templates/email/invitation.txt"]
    cats = {ROOT / "portal/translations": foundation}
    for f in FEATURES:
        paths = [f"portal/{f}", f"templates/{f}", f"templates/email/{f}"]
        cats[ROOT / f"portal/{f}/translations"] = [p for p in paths if (ROOT / p).exists()]
    return cats


def run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def extract(only: str | None = None) -> None:
    """Refresh every catalogue, or only one: `extract commitments` (or `extract portal` for the foundation)."""
    for directory, sources in catalogues().items():
        if not sources:
            continue
        name = directory.parent.name  # portal for the foundation, else the feature
        if only and only != name:
            continue
        directory.mkdir(parents=True, exist_ok=True)
        pot = directory / "messages.pot"
        run("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output", "--omit-header",
            "-o", str(pot), *sources)
        for lang in ("fr",):
            po = directory / lang / "LC_MESSAGES" / "messages.po"
            if po.exists():
                run("update", "-i", str(pot), "-d", str(directory), "-l", lang, "--no-fuzzy-matching",
                    "--ignore-obsolete")
            else:
                run("init", "-i", str(pot), "-d", str(directory), "-l", lang)
                # A new catalogue's header is marked fuzzy, which would make compile skip it.
                po.write_text(po.read_text(encoding="utf-8").replace("#, fuzzy\n", "", 1), encoding="utf-8")
        pot.unlink()


def compile_all() -> None:
    for directory in catalogues():
        for po in directory.glob("*/LC_MESSAGES/messages.po"):
            run("compile", "-i", str(po), "-o", str(po.with_suffix(".mo")))


if __name__ == "__main__":
    {"extract": extract, "compile": compile_all}[sys.argv[1]](*sys.argv[2:])
