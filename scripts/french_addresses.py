"""Rewrite the former French addresses in source files to the French ones (portal/addresses.py).

    python scripts/french_addresses.py FILE_OR_DIR...      # rewrites .py, .md and .html files in place

A literal such as "/fr/commitments/{c.id}/edit" becomes "/fr/engagements/{c.id}/modifier" (placeholders kept);
an f-string under both languages, f"/{lang}/search/lessons?q=x", becomes
(f"/fr/recherche/lecons?q=x" if lang == "fr" else f"/en/search/lessons?q=x") when the French differs.
Each change is printed for review. The routes come from the app itself, so the script stays right when
routes or FR_PATHS change; run it again on tests others add.
"""
from __future__ import annotations

import io
import os
import re
import sys
import tokenize
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("CONCERTO_ENV", "development")

from werkzeug.exceptions import HTTPException  # noqa: E402
from werkzeug.routing import RequestRedirect  # noqa: E402

PLACEHOLDER = r"\{[^{}\"'\n]*\}"
PATH = re.compile(rf"/fr(?:/(?:[\w\-.~%]|{PLACEHOLDER})*)+")
ENCODED = re.compile(r"%2Ffr(?:%2F[\w\-.~]*)+")
TOKEN = 987650
KEEP = {"test_french_addresses.py", "test_log_tokens.py"}  # former addresses on purpose; log lines, not requests


def _adapter():
    from portal import create_app

    return create_app({"TESTING": True, "SERVER_NAME": "localhost"}).url_map.bind("localhost")


def new_path(adapter, path: str) -> str:
    """The French address of a former one; the path itself when it is not a former French address."""
    from portal.addresses import FORMER_FRENCH

    holes = re.findall(PLACEHOLDER, path)
    probe = path
    for i, hole in enumerate(holes):
        probe = probe.replace(hole, str(TOKEN + i), 1)
    slash = ""
    for method in ("GET", "POST"):
        try:
            endpoint, values = adapter.match(probe, method=method)
            break
        except RequestRedirect:
            probe, slash = probe + "/", "/"
            try:
                endpoint, values = adapter.match(probe, method=method)
                break
            except HTTPException:
                return path
        except HTTPException as exc:
            if exc.code != 405:
                return path
    else:
        return path
    if endpoint != FORMER_FRENCH:
        return path
    target = values.pop("_to")
    built = adapter.build(target, {**values, "lang": "fr"})
    if slash and built.endswith("/"):
        built = built[:-1]
    for i, hole in enumerate(holes):
        built = built.replace(str(TOKEN + i), hole, 1)
    return built


def rewrite_text(adapter, text: str) -> str:
    text = PATH.sub(lambda m: new_path(adapter, m.group(0)), text)
    # The same addresses percent-encoded, as in a `next=%2Ffr%2F...` parameter.
    return ENCODED.sub(lambda m: new_path(adapter, m.group(0).replace("%2F", "/")).replace("/", "%2F"), text)


def _unprefixed(literal: str) -> str:
    """f"/fr/connexion" -> "/fr/connexion" when nothing is left to format."""
    prefix = literal[:len(literal) - len(literal.lstrip("rbfuRBFU"))]
    if "f" in prefix.lower() and "{" not in literal:
        return prefix.replace("f", "").replace("F", "") + literal[len(prefix):]
    return literal


def rewrite_python(adapter, source: str) -> str:
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines(keepends=True)
    edits = []
    for tok in tokens:
        if tok.type != tokenize.STRING or ("/fr" not in tok.string and "/{lang}/" not in tok.string):
            continue
        new = rewrite_text(adapter, tok.string)
        prefix = tok.string[:len(tok.string) - len(tok.string.lstrip("rbfuRBFU"))]
        if "/{lang}/" in tok.string and "f" in prefix.lower():
            french = rewrite_text(adapter, tok.string.replace("/{lang}/", "/fr/"))
            if french != tok.string.replace("/{lang}/", "/fr/"):
                new = f'{_unprefixed(french)} if lang == "fr" else {_unprefixed(tok.string.replace("/{lang}/", "/en/"))}'
                line = lines[tok.start[0] - 1]
                alone = line[:tok.start[1]].rstrip().endswith("(") and tok.start[0] == tok.end[0] and \
                    line[tok.end[1]:].lstrip()[:1] == ")"
                new = new if alone else f"({new})"
        if new != tok.string:
            edits.append((tok.start, tok.end, new))
    for (srow, scol), (erow, ecol), new in reversed(edits):
        start = sum(len(line) for line in lines[:srow - 1]) + scol
        end = sum(len(line) for line in lines[:erow - 1]) + ecol
        source = source[:start] + new + source[end:]
        lines = source.splitlines(keepends=True)
    return source


def main(paths: list[str]) -> None:
    adapter = _adapter()
    files = []
    for p in map(Path, paths):
        files.extend(sorted(p.rglob("*")) if p.is_dir() else [p])
    for f in files:
        if f.suffix not in (".py", ".md", ".html") or not f.is_file() or f.name in KEEP:
            continue
        old = f.read_text(encoding="utf-8")
        new = rewrite_python(adapter, old) if f.suffix == ".py" else rewrite_text(adapter, old)
        if new != old:
            f.write_text(new, encoding="utf-8")
            for a, b in zip(old.splitlines(), new.splitlines()):
                if a != b:
                    print(f"{f}:\n  - {a.strip()}\n  + {b.strip()}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["tests"])
