"""Run a search for one user: permissions inside the query, facets, highlights, "did you mean".

Everything a user gets back (hits, snippets, totals, facet counts, suggestions) is computed from the
documents their permission filter allows, never from the whole index.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup, escape
from whoosh import highlight
from whoosh.query import NumericRange, Term

from .analysis import fold
from .index import IndexHolder, allowed_docs, holder
from .query import Glossary, build_query
from .schema import SPELL_FIELDS

FACETS = ("type", "pillar", "jurisdictions", "year", "stakeholder", "langs")
PER_PAGE = 10
SNIPPET_CHARS = 4000   # highlight within the first characters of long bodies: bounded cost per hit


@dataclass
class SearchParams:
    q: str = ""
    lang: str = "fr"
    filters: dict[str, str] = field(default_factory=dict)   # facet field -> selected value
    sort: str = "relevance"                                   # relevance | recent
    page: int = 1
    per_page: int = PER_PAGE
    facets: bool = True
    highlights: bool = True
    suggest: bool = True
    since: int | None = None                                  # only documents (re)indexed after (epoch s)


@dataclass
class Hit:
    doc_id: str
    type: str
    obj_id: int
    endpoint: str
    url_args: dict
    title: str
    title_lang: str
    snippet: Markup
    snippet_lang: str
    score: float
    date: date | None
    langs: list[str]
    pillar: str
    jurisdictions: list[str]


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    page: int
    pages: int
    facets: dict[str, list[tuple[str, int]]]
    suggestion: str | None
    units: list


class MarkFormatter(highlight.Formatter):
    """<mark> around matched words; everything else escaped."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return f"<mark>{escape(highlight.get_text(text, token, replace))}</mark>"

    def _text(self, text):
        return str(escape(text))

    def format_fragment(self, fragment, replace=False):
        output = []
        index = fragment.startchar
        text = fragment.text
        for t in fragment.matches:
            if t.startchar is None:
                continue
            if t.startchar < index:
                continue
            if t.startchar > index:
                output.append(self._text(text[index:t.startchar]))
            output.append(self.format_token(text, t, replace))
            index = t.endchar
        output.append(self._text(text[index:fragment.endchar]))
        out = "".join(output)
        if fragment.startchar > 0:
            out = "… " + out
        if fragment.endchar < len(text):
            out = out + " …"
        return out


_FORMATTER = MarkFormatter()


def _facet_docs(h: IndexHolder, searcher, fieldname: str) -> dict[str, set[int]]:
    def compute():
        reader = searcher.reader()
        out = {}
        for value in reader.lexicon(fieldname):
            value = value.decode("utf-8") if isinstance(value, bytes) else value
            if value:
                out[value] = set(searcher.docs_for_query(Term(fieldname, value)))
        return out

    return h.cached(searcher, ("facet", fieldname), compute)


def _snippet(hit, lang: str, results) -> tuple[Markup, str]:
    order = [lang, "en" if lang == "fr" else "fr"]
    for lg in order:
        text = hit.get(f"body_{lg}") or ""
        if not text:
            continue
        text = text[:SNIPPET_CHARS]
        try:
            frag = hit.highlights(f"body_{lg}", text=text, top=2)
        except Exception:
            frag = ""
        if frag:
            return Markup(frag), lg
    for lg in order:
        text = hit.get(f"body_{lg}") or ""
        if text:
            cut = text[:240]
            return Markup(escape(cut + ("…" if len(text) > 240 else ""))), lg
    return Markup(""), lang


def _suggest(searcher, q: str, units, levels: set[str], allowed: set[int], lang: str,
             glossary: Glossary) -> str | None:
    """A corrected query whose words exist in the vocabulary of what this user may see, and finds something."""
    fields = [SPELL_FIELDS[lv] for lv in sorted(levels) if lv in SPELL_FIELDS]
    reader = searcher.reader()
    changed = False
    words = []
    for u in units:
        if u.kind != "word":
            words.append(f'"{u.text}"' if u.kind == "phrase" else (u.text + "*" if u.kind == "prefix" else u.text))
            continue
        w = fold(u.text)
        if len(w) < 4 or not w.isalpha() or any(reader.doc_frequency(f, w) for f in fields):
            words.append(u.text)
            continue
        best = None
        for maxdist in (1, 2):
            cands = {}
            for f in fields:
                for cand in reader.terms_within(f, w, maxdist, prefix=1):
                    cands[cand] = cands.get(cand, 0) + reader.doc_frequency(f, cand)
            if cands:
                best = max(sorted(cands), key=lambda c: cands[c])
                break
        if best:
            words.append(best)
            changed = True
        else:
            words.append(u.text)
    if not changed:
        return None
    suggestion = " ".join(words)
    query, _units = build_query(suggestion, lang, glossary)
    found = set(searcher.docs_for_query(query)) & allowed
    return suggestion if found else None


def search(params: SearchParams, levels: set[str], org_id: int | None,
           glossary: Glossary | None = None, h: IndexHolder | None = None) -> SearchResult:
    h = h or holder()
    searcher = h.searcher()
    allowed = allowed_docs(h, searcher, levels, org_id)
    query, units = build_query(params.q, params.lang, glossary)

    matched = set(searcher.docs_for_query(query))
    matched &= allowed
    selected = {f: v for f, v in params.filters.items() if f in FACETS and v}
    facet_sets = {f: _facet_docs(h, searcher, f) for f in FACETS} if (params.facets or selected) else {}
    if params.since is not None:
        matched &= set(searcher.docs_for_query(NumericRange("indexed_at", params.since + 1, None)))
    final = matched
    for f, v in selected.items():
        final = final & facet_sets[f].get(v, set())

    facets: dict[str, list[tuple[str, int]]] = {}
    if params.facets:
        for f in FACETS:
            base = matched
            for other, v in selected.items():   # counts of a facet ignore its own selection
                if other != f:
                    base = base & facet_sets[other].get(v, set())
            counts = [(value, len(base & docs)) for value, docs in facet_sets[f].items()]
            facets[f] = sorted([(v, n) for v, n in counts if n], key=lambda x: (-x[1], x[0]))

    total = len(final)
    pages = max(1, math.ceil(total / params.per_page))
    page = min(max(1, params.page), pages)
    hits: list[Hit] = []
    if total:
        # terms=True would make Whoosh drop the ConstantScoreQuery tiers, so highlights re-analyse the text.
        kwargs = {"filter": final}
        if params.sort == "recent":
            kwargs.update(sortedby="date", reverse=True)
        results = searcher.search_page(query, page, pagelen=params.per_page, **kwargs)
        if params.highlights:
            results.results.fragmenter = highlight.ContextFragmenter(maxchars=220, surround=70)
            results.results.formatter = _FORMATTER
        other = "en" if params.lang == "fr" else "fr"
        for hit in results:
            title_lang = params.lang if hit.get(f"title_{params.lang}") else other
            snippet, snippet_lang = _snippet(hit, params.lang, results) if params.highlights else (Markup(""), params.lang)
            d = hit.get("date") or 0
            hits.append(Hit(
                doc_id=hit["id"], type=hit["type"], obj_id=hit["obj_id"], endpoint=hit["endpoint"],
                url_args=json.loads(hit.get("url_args") or "{}"), title=hit.get(f"title_{title_lang}") or "",
                title_lang=title_lang, snippet=snippet, snippet_lang=snippet_lang, score=round(hit.score or 0, 3),
                date=date.fromordinal(d) if d else None, langs=[x for x in (hit.get("langs") or "").split(",") if x],
                pillar=hit.get("pillar") or "", jurisdictions=[x for x in (hit.get("jurisdictions") or "").split(",") if x]))
    suggestion = None
    if params.suggest and params.q and total < 3:
        suggestion = _suggest(searcher, params.q, units, levels, allowed, params.lang, glossary)
    return SearchResult(hits=hits, total=total, page=page, pages=pages, facets=facets, suggestion=suggestion,
                        units=units)

