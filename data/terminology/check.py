#!/usr/bin/env python3
"""Validate terminology.csv (Python 3.11, standard library only).

Usage:  python3 check.py [terminology.csv] [--seeds DIR]

Errors (exit status 1):
  - header is not exactly term_fr,term_en,aliases_fr,aliases_en,category,source,term_fr_lang,term_en_lang
  - a term_fr_lang other than empty or "en", a term_en_lang other than empty or "fr" (the language a name is
    written in when it is not the column's: "Polaris Project" used as is in French; empty = the column's)
  - a row with the wrong number of fields, an empty term_fr or term_en, an empty source
  - a category outside the list below
  - leading/trailing spaces in a field or around an alias; an empty alias between ';'
  - two entries with the same term_fr, or the same term_en (case-, accent- and punctuation-insensitive)
  - an alias equal to another entry's term in the same language, or to another entry's alias in the
    same language (the search glossary keeps only the first entry for a given form)
  - an alias on the list of forms left out on purpose (ambiguous acronyms, see NOTES.md)
  - with --seeds DIR: a quote attributed to a seed in the source column ("seed 001 «...»") that does
    not occur in that seed file (case-, whitespace-, apostrophe- and markdown-insensitive)
Warnings (reported, not fatal):
  - an alias equal to its own entry's term or repeated inside the entry
  - a bare alias of two characters or fewer
"""
from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

HEADER = ["term_fr", "term_en", "aliases_fr", "aliases_en", "category", "source", "term_fr_lang", "term_en_lang"]
CATEGORIES = {"offence", "programme", "service", "population", "organisation", "justice", "immigration",
              "labour", "governance", "data", "general"}
# Forms deliberately left out because they match unrelated words or things (see NOTES.md).
EXCLUDED = {
    "fr": {"UN", "JUS", "SAC", "PAN", "PACE", "SAMU", "ODD", "PEE", "SAP", "PE", "RP", "CH", "ON", "NB",
           "PTO", "C.-B.", "Î.-P.-É.", "N.-É.", "T.-N.-L.", "É.-U.", "R.-U.", "Il est temps", "DN", "AMP"},
    "en": {"UN", "WAGE", "TIP", "START", "MOU", "CPC", "AMC", "ISP", "OPS", "PR", "TB", "CT", "B.C.", "U.S.",
           "U.K.", "It's Time", "I'm Not For Sale", "ACT", "PACT", "H&C", "AMP", "IWC", "demand"},
}
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def fold(s: str) -> str:
    """Lowercase, no accents, ligatures spelled out, punctuation and spaces collapsed to one space."""
    s = unicodedata.normalize("NFKD", s.translate(LIGATURES))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", " ", s).strip()


def norm_quote(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    for a, b in (("’", "'"), ("‘", "'"), ("\u2011", "-"), ("\u2010", "-"), ("\u00a0", " "), ("\u202f", " "),
                 ("–", "-"), ("—", "-"), ("\\$", "$"), ("*", "")):
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).casefold().strip()


def split_aliases(value: str, where: str, errors: list[str]) -> list[str]:
    if value == "":
        return []
    out = []
    for a in value.split(";"):
        if a == "" or a.strip() == "":
            errors.append(f"{where}: empty alias between ';' in {value!r}")
        elif a != a.strip():
            errors.append(f"{where}: alias with leading/trailing spaces: {a!r}")
            out.append(a.strip())
        else:
            out.append(a)
    return out


def main(argv: list[str]) -> int:
    path = Path(__file__).resolve().parents[2] / "portal" / "search" / "terminology.csv"
    seeds_dir = None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--seeds":
            seeds_dir = Path(args.pop(0))
        else:
            path = Path(a)
    errors: list[str] = []
    warnings: list[str] = []
    seeds = {}
    if seeds_dir:
        for p in sorted(seeds_dir.glob("*.txt")):
            seeds[p.name[:3]] = norm_quote(p.read_text(encoding="utf-8"))

    with path.open(newline="", encoding="utf-8") as fh:
        raw = fh.read()
    if raw.startswith("\ufeff"):
        errors.append("file starts with a byte-order mark")
        raw = raw[1:]
    reader = csv.reader(raw.splitlines())
    rows = list(reader)
    if not rows or rows[0] != HEADER:
        errors.append(f"header is {rows[0] if rows else None!r}, expected {HEADER!r}")
        rows = rows[1:] if rows else []
    else:
        rows = rows[1:]

    terms = {"fr": {}, "en": {}}        # folded term -> line
    forms = {"fr": {}, "en": {}}        # folded term or alias -> (line, text, kind)
    entries = []
    categories: dict[str, int] = {}
    quotes_checked = 0
    for i, row in enumerate(rows, start=2):
        where = f"line {i}"
        if len(row) != len(HEADER):
            errors.append(f"{where}: {len(row)} fields instead of {len(HEADER)}")
            continue
        rec = dict(zip(HEADER, row))
        for k, v in rec.items():
            if v != v.strip():
                errors.append(f"{where}: field {k} has leading/trailing spaces: {v!r}")
        for k in ("term_fr", "term_en", "source"):
            if not rec[k].strip():
                errors.append(f"{where}: empty {k}")
        if rec["term_fr_lang"] not in ("", "en") or rec["term_en_lang"] not in ("", "fr"):
            errors.append(f"{where}: term_fr_lang must be empty or 'en', term_en_lang empty or 'fr'")
        if rec["category"] not in CATEGORIES:
            errors.append(f"{where}: category {rec['category']!r} not in {sorted(CATEGORIES)}")
        categories[rec["category"]] = categories.get(rec["category"], 0) + 1
        aliases = {"fr": split_aliases(rec["aliases_fr"], where, errors),
                   "en": split_aliases(rec["aliases_en"], where, errors)}
        for lang in ("fr", "en"):
            term = rec[f"term_{lang}"].strip()
            ft = fold(term)
            if not ft:
                continue
            if ft in terms[lang]:
                errors.append(f"{where}: duplicate term_{lang} {term!r} (also line {terms[lang][ft]})")
            else:
                terms[lang][ft] = i
        entries.append((i, rec, aliases))
        if seeds_dir:
            for seed, quote in re.findall(r"seed (\d{3}) «(.+?)»(?=[;,(]| \(|$)", rec["source"]):
                quotes_checked += 1
                if seed not in seeds:
                    errors.append(f"{where}: source cites seed {seed}, not found in {seeds_dir}")
                elif norm_quote(quote) not in seeds[seed]:
                    errors.append(f"{where}: quote not found in seed {seed}: «{quote}»")

    for i, rec, aliases in entries:
        where = f"line {i}"
        for lang in ("fr", "en"):
            own = fold(rec[f"term_{lang}"])
            seen = {own}
            for a in aliases[lang]:
                fa = fold(a)
                if a in EXCLUDED[lang]:
                    errors.append(f"{where}: alias_{lang} {a!r} is on the excluded list (see NOTES.md)")
                if not fa:
                    errors.append(f"{where}: alias_{lang} {a!r} has no letters or digits")
                    continue
                if fa in seen:
                    warnings.append(f"{where}: alias_{lang} {a!r} repeats the term or another alias of the entry")
                    continue
                seen.add(fa)
                if fa in terms[lang] and terms[lang][fa] != i:
                    errors.append(f"{where}: alias_{lang} {a!r} equals the term_{lang} of line {terms[lang][fa]}")
                prev = forms[lang].get(fa)
                if prev and prev[0] != i:
                    errors.append(f"{where}: alias_{lang} {a!r} is also an alias of line {prev[0]} ({prev[1]!r})")
                else:
                    forms[lang][fa] = (i, a)
                if len(fa.replace(" ", "")) <= 2:
                    warnings.append(f"{where}: short alias_{lang} {a!r}")

    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    n = len(entries)
    n_alias = sum(len(a["fr"]) + len(a["en"]) for _, _, a in entries)
    print(f"{path.name}: {n} entries, {n_alias} aliases, categories: "
          + ", ".join(f"{k}={v}" for k, v in sorted(categories.items())))
    if seeds_dir:
        print(f"seed quotes checked: {quotes_checked}")
    print(f"{len(errors)} error(s), {len(warnings)} warning(s)")
    print("OK" if not errors else "FAILED")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
