"""French typography in the catalogues: a no-break space before ':' and inside « », a narrow no-break space
before ';', '?' and '!' (as the issue on both official languages asks), never a plain space that a line could
break on.

    python scripts/french_typography.py [--check]   # fix every fr catalogue in place, or list what is wrong

tests/foundation/test_i18n.py uses `problems()` so a new string with a plain space fails the suite.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NBSP, NNBSP = "\u00a0", "\u202f"
# Placeholders, URLs, tags and literal examples ("PST; permis temporaire") are not prose.
_SKIP = re.compile(r"%\([a-z_]+\)[sd]|https?://\S+|<[^>]+>|\{[^}]*\}|\b[A-Z]{2,}; ")
_BEFORE = re.compile(r"(?<=[^\s\u00a0\u202f:;?!/«])[ ]?([:;?!])(?=[\s\"»)]|$)")


def _fix_prose(text: str) -> str:
    def repl(m: re.Match) -> str:
        mark = m.group(1)
        return (NBSP if mark == ":" else NNBSP) + mark
    text = _BEFORE.sub(repl, text)
    text = re.sub("«[ \u00a0\u202f]?", "«" + NBSP, text)
    return re.sub("[ \u00a0\u202f]?»", NBSP + "»", text)


def fix(text: str) -> str:
    """Fix the prose around the parts that are not prose (each held aside as a token meanwhile)."""
    held: list[str] = []

    def hold(m: re.Match) -> str:
        held.append(m.group(0))
        return f"\ue000{len(held) - 1}\ue001"

    text = _fix_prose(_SKIP.sub(hold, text))
    return re.sub("\ue000(\\d+)\ue001", lambda m: held[int(m.group(1))], text)


def catalogues() -> list[Path]:
    return sorted((ROOT / "portal").glob("**/fr/LC_MESSAGES/messages.po"))


def problems(po: Path) -> list[str]:
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale="fr")
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for s in strings:
            if s and fix(s) != s:
                found.append(f"{message.id!r}: {s!r}")
    return found


def _fix_file(po: Path) -> int:
    """Rewrite the catalogue as pybabel does (same width), with the French strings fixed."""
    from babel.messages.pofile import read_po, write_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale="fr")
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, (list, tuple)):
            new = tuple(fix(s) for s in message.string)
        else:
            new = fix(message.string) if message.string else message.string
        if new != message.string:
            message.string, changed = new, changed + 1
    if changed:
        with po.open("wb") as fh:
            write_po(fh, catalog, width=120)
    return changed


if __name__ == "__main__":
    if "--check" in sys.argv:
        bad = {po: problems(po) for po in catalogues()}
        for po, items in bad.items():
            for item in items:
                print(f"{po.relative_to(ROOT)}: {item}")
        sys.exit(1 if any(bad.values()) else 0)
    for po in catalogues():
        print(po.relative_to(ROOT), _fix_file(po), "lines")
