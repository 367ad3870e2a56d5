"""From what a person typed to a Whoosh query.

Syntax: words, "phrases in quotes", prefixes with a trailing *. Glossary terms found in the query
(longest match, after analysis) are searched with all their forms (PST = permis de séjour temporaire)
and, in the other language's fields, with their translation. Ranking tiers, each a constant score added
to BM25F: every unit matched in the query's language, then every unit matched in the other language
(through the glossary), then documents matching only some units.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh.query import And, ConstantScoreQuery, Every, NullQuery, Or, Phrase, Prefix, Query, Term

from .analysis import BIGRAM_SEP, analyze, fold

TITLE_BOOST = 2.5
CROSS_WEIGHT = 0.35          # BM25 of other-language matches counts for less
TIER_ALL_SAME = 10_000.0     # all units matched in the query's language
TIER_ALL_CROSS = 1_000.0     # all units matched through the other language
MAX_UNITS = 12

_TOKEN_RE = re.compile(r'"([^"]*)"|(\S+)')


@dataclass
class Unit:
    kind: str                  # word, phrase, prefix, glossary
    text: str                  # what the person typed
    entry: int | None = None   # glossary entry index
    words: list[str] = field(default_factory=list)


@dataclass
class Glossary:
    """Glossary entries as analysed token sequences per language, for longest-match lookup."""
    entries: list[tuple[list[str], list[str]]]          # (french forms, english forms)
    by_tokens: dict[str, dict[tuple[str, ...], int]] = field(default_factory=dict)
    longest: int = 1

    @classmethod
    def build(cls, entries: list[tuple[list[str], list[str]]]) -> "Glossary":
        g = cls(entries=entries, by_tokens={"fr": {}, "en": {}})
        for i, (fr_forms, en_forms) in enumerate(entries):
            for lang, forms in (("fr", fr_forms), ("en", en_forms)):
                for form in forms:
                    toks = tuple(analyze(form, lang))
                    if toks:
                        g.by_tokens[lang].setdefault(toks, i)
                        # apply_glossary walks typed words, stop words included ("traite de personnes"
                        # is three words but two tokens): count both.
                        g.longest = max(g.longest, len(toks), len(parse(form)))
        return g

    def forms(self, i: int, lang: str) -> list[str]:
        return self.entries[i][0 if lang == "fr" else 1]


EMPTY_GLOSSARY = Glossary.build([])


def parse(q: str) -> list[Unit]:
    units = []
    for m in _TOKEN_RE.finditer(q or ""):
        if m.group(1) is not None:
            if m.group(1).strip():
                units.append(Unit("phrase", m.group(1).strip()))
        else:
            word = m.group(2)
            if word.endswith("*") and len(word.rstrip("*")) >= 2:
                units.append(Unit("prefix", word.rstrip("*")))
            elif word.strip("*\"'"):
                units.append(Unit("word", word.strip("*\"")))
    return units[:MAX_UNITS * 2]


def apply_glossary(units: list[Unit], lang: str, glossary: Glossary) -> list[Unit]:
    """Replace runs of words that form a glossary term (in `lang`) by one glossary unit."""
    table = glossary.by_tokens.get(lang) or {}
    out: list[Unit] = []
    i = 0
    while i < len(units):
        matched = False
        if units[i].kind == "word" and table:
            for n in range(min(glossary.longest, len(units) - i), 0, -1):
                run = units[i:i + n]
                if any(u.kind != "word" for u in run):
                    continue
                toks = tuple(t for u in run for t in analyze(u.text, lang))
                if toks and toks in table:
                    out.append(Unit("glossary", " ".join(u.text for u in run), entry=table[toks]))
                    i += n
                    matched = True
                    break
        if not matched:
            out.append(units[i])
            i += 1
    return out


def _fields(lang: str) -> tuple[str, str]:
    return f"title_{lang}", f"body_{lang}"


def _text_query(text: str, lang: str) -> Query | None:
    toks = analyze(text, lang)
    if not toks:
        return None
    title, body = _fields(lang)
    if len(toks) == 1:
        return Or([Term(title, toks[0], boost=TITLE_BOOST), Term(body, toks[0])])
    # A phrase: every pair of consecutive words (exact for two words, very close for more).
    pairs = [Term(f"bigrams_{lang}", f"{a}{BIGRAM_SEP}{b}") for a, b in zip(toks, toks[1:])]
    return pairs[0] if len(pairs) == 1 else And(pairs)


def _prefix_query(text: str, lang: str) -> Query | None:
    word = fold(text)
    toks = analyze(text, lang)
    # The stem of a prefix may be shorter than the prefix (organisat -> organ): use the shorter one.
    if len(toks) == 1 and word.startswith(toks[0]):
        word = toks[0]
    if len(word) < 2:
        return None
    title, body = _fields(lang)
    return Or([Prefix(title, word, boost=TITLE_BOOST), Prefix(body, word)])


def unit_query(unit: Unit, lang: str, glossary: Glossary, source_lang: str) -> Query | None:
    """The query for one unit in the fields of `lang` (the query was typed in `source_lang`)."""
    if unit.kind == "glossary":
        parts = [_text_query(form, lang) for form in glossary.forms(unit.entry, lang)]
        if lang != source_lang:  # names and acronyms are often the same in both languages
            parts.append(_text_query(unit.text, lang))
        parts = [p for p in parts if p is not None]
        return Or(parts) if parts else None
    if unit.kind == "prefix":
        return _prefix_query(unit.text, lang)
    return _text_query(unit.text, lang)


@dataclass
class Plan:
    """Per unit of the query: its query in the query's language and in the other language (None: no terms)."""
    units: list[Unit]
    same: list[Query | None]
    cross: list[Query | None]

    @property
    def empty(self) -> bool:
        return not self.same

    def term_weights(self, which: str = "both") -> dict[tuple[str, str], float]:
        """(field, word) -> weight of the flat ranking query; prefixes end with '*'."""
        return {(field, text + ("*" if kind == "prefix" else "")): boost
                for (kind, field, text), boost in self._flat(which).items()}

    def _flat(self, which: str) -> dict:
        weights: dict[tuple[str, str, str], float] = {}
        groups = []
        if which in ("same", "both"):
            groups.append((self.same, 1.0))
        if which in ("cross", "both"):
            groups.append((self.cross, CROSS_WEIGHT if which == "both" else 1.0))
        for queries, factor in groups:
            for q in queries:
                if q is not None:
                    _flatten(q, factor, weights)
        return weights

    def bm25(self, which: str = "both") -> Query:
        """The ranking query within a tier: a flat Or of terms (phrases become their words), since the
        tier's doc set already holds the exact matches; evaluating phrase positions again for every
        match was most of the time of a search."""
        weights: dict[tuple[str, str, str], float] = {}
        groups = []
        if which in ("same", "both"):
            groups.append((self.same, 1.0))
        if which in ("cross", "both"):
            groups.append((self.cross, CROSS_WEIGHT if which == "both" else 1.0))
        for queries, factor in groups:
            for q in queries:
                if q is not None:
                    _flatten(q, factor, weights)
        leaves = [(Prefix if kind == "prefix" else Term)(field, text, boost=boost)
                  for (kind, field, text), boost in sorted(weights.items())]
        return Or(leaves) if leaves else NullQuery


def _flatten(q: Query, factor: float, out: dict) -> None:
    boost = getattr(q, "boost", 1.0) * factor
    if isinstance(q, Term) and q.fieldname.startswith("bigrams_"):
        lang = q.fieldname[-2:]
        for w in q.text.split(BIGRAM_SEP):
            for field, b in ((f"title_{lang}", boost * TITLE_BOOST), (f"body_{lang}", boost)):
                key = ("term", field, w)
                out[key] = max(out.get(key, 0), b)
    elif isinstance(q, Prefix):
        key = ("prefix", q.fieldname, q.text)
        out[key] = max(out.get(key, 0), boost)
    elif isinstance(q, (Term, Phrase)):
        words = [q.text] if isinstance(q, Term) else q.words
        for w in words:
            key = ("term", q.fieldname, w)
            out[key] = max(out.get(key, 0), boost)
    else:
        for child in q.children():
            _flatten(child, boost, out)


def plan_query(q: str, lang: str, glossary: Glossary | None = None) -> Plan:
    glossary = glossary or EMPTY_GLOSSARY
    other = "en" if lang == "fr" else "fr"
    units = apply_glossary(parse(q), lang, glossary)[:MAX_UNITS]
    kept, same, cross = [], [], []
    for u in units:
        s = unit_query(u, lang, glossary, lang)
        c = unit_query(u, other, glossary, lang)
        if s is None and c is None:
            continue
        kept.append(u)
        same.append(s)
        cross.append(c)
    return Plan(kept, same, cross)


def build_query(q: str, lang: str, glossary: Glossary | None = None) -> tuple[Query, list[Unit]]:
    """The whole ranking as one Whoosh query (tiers as constant scores); the engine evaluates the same
    plan with doc sets instead, which is much faster, and this stays the reference it is tested against."""
    plan = plan_query(q, lang, glossary)
    if plan.empty:
        return (Every() if not parse(q) else NullQuery), plan.units
    same = [x or NullQuery for x in plan.same]
    cross = [x or NullQuery for x in plan.cross]
    parts: list[Query] = [plan.bm25()]
    if all(x is not None for x in plan.same):
        parts.append(ConstantScoreQuery(And(same) if len(same) > 1 else same[0], TIER_ALL_SAME))
    if all(x is not None for x in plan.cross):
        parts.append(ConstantScoreQuery(And(cross) if len(cross) > 1 else cross[0], TIER_ALL_CROSS))
    return Or(parts), plan.units
