"""Extract, update and compile the translation catalogues: one per feature package, merged at run time.

    python scripts/translations.py extract [FEATURE]  # update every fr .po, or one feature's (portal: the foundation's)
    python scripts/translations.py compile   # .po -> .mo (the build does this; .mo files are not committed)
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.features import FEATURES  # noqa: E402  (the one feature registry)


def _own_catalogue(feature: str) -> bool:
    return (ROOT / "portal" / feature / "translations").is_dir()


def catalogues() -> dict[Path, list[str]]:
    """translations directory -> the source paths whose strings it holds.

    A feature with a `translations/` folder holds the strings of its package, its templates and its emails;
    the foundation's catalogue holds everything else."""
    features = [f for f in FEATURES if _own_catalogue(f)]
    mine = {f"portal/{f}" for f in features} | {f"templates/{f}" for f in features} | \
        {f"templates/email/{f}" for f in features}
    foundation = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "portal").iterdir()
                        if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))
                        and str(p.relative_to(ROOT)) not in mine)
    foundation += sorted(str(p.relative_to(ROOT)) for p in (ROOT / "templates").iterdir()
                         if p.name != "email" and str(p.relative_to(ROOT)) not in mine)
    foundation += sorted(str(p.relative_to(ROOT)) for p in (ROOT / "templates/email").iterdir()
                         if str(p.relative_to(ROOT)) not in mine)
    cats = {ROOT / "portal/translations": foundation}
    for f in features:
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
        run("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output", "--omit-header", "-w", "120",
            "-o", str(pot), *sources)
        for lang in ("fr",):
            po = directory / lang / "LC_MESSAGES" / "messages.po"
            if po.exists():
                header = _pot_date(po)
                run("update", "-i", str(pot), "-d", str(directory), "-l", lang, "--no-fuzzy-matching", "-w", "120",
                    "--ignore-obsolete")
                _set_pot_date(po, header)  # a stable header: two branches' extracts do not conflict on it
            else:
                run("init", "-i", str(pot), "-d", str(directory), "-l", lang)
                # A new catalogue's header is marked fuzzy, which would make compile skip it.
                po.write_text(po.read_text(encoding="utf-8").replace("#, fuzzy\n", "", 1), encoding="utf-8")
        pot.unlink()


def _pot_date(po: Path) -> str | None:
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith('"POT-Creation-Date:'):
            return line
    return None


def _set_pot_date(po: Path, line: str | None) -> None:
    if line is None:
        return
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    po.write_text("".join(line + "\n" if x.startswith('"POT-Creation-Date:') else x for x in lines),
                  encoding="utf-8")


def compile_all() -> None:
    for directory in catalogues():
        for po in directory.glob("*/LC_MESSAGES/messages.po"):
            run("compile", "-i", str(po), "-o", str(po.with_suffix(".mo")))


if __name__ == "__main__":
    {"extract": extract, "compile": compile_all}[sys.argv[1]](*sys.argv[2:])
