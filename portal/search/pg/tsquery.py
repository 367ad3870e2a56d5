"""query.py's plan (units, glossary entries, the two languages) as PostgreSQL tsqueries.

The plan decides what is searched: which typed words form a glossary term, which units are phrases or
prefixes, what each unit becomes in the other language. Here each piece of text is analysed by PostgreSQL's
own configuration (the one the documents were indexed with), in one round trip, and the pieces are joined
into tsquery text: a unit is the OR of its forms, a tier is the AND of its units.

Phrases are matched on pairs of consecutive words (`pairs_fr`, `pairs_en`: 'trait~person'), like the
Whoosh index's bigram fields: an exact GIN lookup instead of checking word positions in every document
that has all the words (which means reading and decompressing each of their vectors).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import text

from ..analysis import _BRITISH, _FEMININE, english_normalize, fold, french_normalize
from ..query import Glossary, Plan, Unit
from .table import CONFIGS

ANALYSE = text("SELECT i, phraseto_tsquery(c::regconfig, t)::text AS q"
               " FROM unnest(CAST(:cfgs AS text[]), CAST(:texts AS text[])) WITH ORDINALITY AS x(c, t, i)")


@dataclass
class Side:
    """One language's tsqueries: per unit (words on tsv_*, phrases as word pairs on pairs_*), every word
    for ts_rank, the phrases and prefixes as typed for ts_headline."""
    units: list[tuple[str | None, str | None]] = field(default_factory=list)
    rank: str | None = None
    head: str | None = None

    def any(self) -> tuple[str | None, str | None]:
        return _join([u[0] for u in self.units], "|"), _join([u[1] for u in self.units], "|")

    @property
    def complete(self) -> bool:
        return bool(self.units) and all(lex or pair for lex, pair in self.units)

    @property
    def empty(self) -> bool:
        return not any(lex or pair for lex, pair in self.units)


@dataclass
class PgQuery:
    same: Side      # in the query's language
    cross: Side     # through the other language

    @property
    def empty(self) -> bool:
        return self.same.empty and self.cross.empty


_QUOTED = re.compile(r"'((?:[^']|'')*)'")


def split(q: str) -> tuple[str | None, str | None, list[str]]:
    """A phraseto_tsquery result as (word query, pair query, words): 'trait' <2> 'person' ->
    (None, 'trait~person', [trait, person]); a single word stays a word query."""
    words = _QUOTED.findall(q)
    if "<" in q and len(words) >= 2:
        return None, " & ".join(f"'{a}~{b}'" for a, b in zip(words, words[1:])), words
    return q, None, words


def lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


_AMERICAN = {v: k for k, v in _BRITISH.items()}


def variants(word: str, lang: str) -> list[str]:
    """A word and the forms of its family that PostgreSQL's stemmers do not join (the Whoosh analysis
    joins them at indexing): French feminine and plural forms and plural verbs, British and American
    spellings. Searched together, as one unit."""
    w = word.lower()
    if not w.isalpha() or len(w) <= 3:
        return [word]
    out = [word]
    if lang == "fr":
        masc = french_normalize(w)
        forms = {masc}
        for fem, m in _FEMININE:
            if masc.endswith(m) and len(masc) - len(m) >= 3:
                forms.add(masc[: -len(m)] + fem)
        plural = {f[:-2] + "aux" if f.endswith("al") else f + ("x" if f.endswith("eau") else "s") for f in forms}
        forms |= plural
        if len(w) >= 7 and w.endswith("ent") and not w.endswith("ment"):   # témoignent: témoigner, témoigne
            forms = {f for f in forms if not f.endswith(("ents", "ent"))} | {w[:-3] + "er", w[:-2]}
    else:
        us = english_normalize(w)
        forms = {us, _AMERICAN.get(w, w), _AMERICAN.get(us, us)}
        if us != w and "iz" in us:
            forms.add(w)
        elif "iz" in w:
            forms.add(w.replace("iz", "is"))
    out.extend(sorted(f for f in forms if f != w))
    return out


def _pieces(unit: Unit, lang: str, source_lang: str, glossary: Glossary) -> list[tuple[str, str]]:
    """(kind, text) to analyse for one unit in one language; kind is phrase or prefix."""
    if unit.kind == "glossary":
        forms = list(glossary.forms(unit.entry, lang))
        if lang != source_lang:      # names and acronyms are often the same in both languages
            forms.append(unit.text)
        return [("phrase", f) for f in forms]
    if unit.kind == "prefix":
        return [("prefix", unit.text)]
    if unit.kind == "word":
        return [("phrase", v) for v in variants(unit.text, lang)]
    return [("phrase", unit.text)]


def _prefix(word: str, analysed: str) -> str | None:
    """'stem':* — the stem of a prefix may be shorter than the prefix (organisat -> organis)."""
    folded = fold(word)
    stem = analysed.strip("'") if analysed and " " not in analysed else ""
    base = stem if stem and folded.startswith(stem) else folded
    return f"{lexeme(base)}:*" if len(base) >= 2 else None


def _join(parts: list[str | None], op: str) -> str | None:
    kept = [p for p in parts if p]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else f" {op} ".join(f"( {p} )" for p in kept)


def build(session, plan: Plan, lang: str, glossary: Glossary) -> PgQuery:
    other = "en" if lang == "fr" else "fr"
    wanted: list[tuple[int, str, str, str]] = []   # (unit index, language, kind, text)
    for i, unit in enumerate(plan.units):
        for lg in (lang, other):
            for kind, piece in _pieces(unit, lg, lang, glossary):
                wanted.append((i, lg, kind, piece))
    analysed: list[str] = []
    if wanted:
        rows = session.execute(ANALYSE, {"cfgs": [CONFIGS[w[1]] for w in wanted],
                                         "texts": [w[3] for w in wanted]}).all()
        analysed = [r.q for r in sorted(rows, key=lambda r: r.i)]
    per_unit: dict[tuple[int, str], list[str]] = {}
    for (i, lg, kind, piece), q in zip(wanted, analysed):
        q = _prefix(piece, q) if kind == "prefix" else q
        if q:
            per_unit.setdefault((i, lg), []).append(q)
    return PgQuery(same=_side(per_unit, lang, len(plan.units)), cross=_side(per_unit, other, len(plan.units)))


def _side(per_unit: dict, lg: str, n: int) -> Side:
    side = Side()
    heads, ranks = [], []
    for i in range(n):
        lexes, pairs = [], []
        for q in per_unit.get((i, lg), []):
            lex, pair, words = split(q)
            lexes.append(lex)
            pairs.append(pair)
            heads.append(q)
            ranks.append(lex if lex else " | ".join(f"'{w}'" for w in words))
        side.units.append((_join(lexes, "|"), _join(pairs, "|")))
    side.rank = _join(sorted(set(ranks)), "|")
    side.head = _join(heads, "|")
    return side
