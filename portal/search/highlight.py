"""Highlights: a window of a document's body around the first matched word, matched words in <mark>."""
from __future__ import annotations

from markupsafe import Markup, escape
from whoosh.query import Prefix

from .analysis import ANALYZERS, BIGRAM_SEP, fold
from .query import Plan

# One character in, one character out: positions in the folded text are positions in the original.
_POS_FOLD = {c: fold(chr(c))[:1] or chr(c) for c in range(0xC0, 0x250) if len(fold(chr(c))) >= 1}
_POS_FOLD_TABLE = str.maketrans({chr(k): v for k, v in _POS_FOLD.items()})


def _highlight(text: str, lang: str, words: set[str], prefixes: set[str]) -> str:
    """A ~260-character window around the first matched word, matched words in <mark>, the rest escaped.

    The window is found with a plain substring search of the stems in the folded text (fast, in C), and
    only the window is analysed, so the cost does not grow with the length of the document."""
    folded = text.translate(_POS_FOLD_TABLE).lower()
    if len(folded) != len(text):
        folded = text.lower()
    pos = -1
    for stem in sorted(words | prefixes, key=len, reverse=True):
        if len(stem) < 2:
            continue
        i = folded.find(stem)
        if i >= 0 and (pos < 0 or i < pos):
            pos = i
    if pos < 0:
        return ""
    start = max(0, pos - 90)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < pos else start
    end = min(len(text), start + 260)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > pos else end
    window = text[start:end]
    analyzer = _analyzer(lang)
    out, index, marked = [], 0, False
    for tok in analyzer(window, chars=True, mode="index", removestops=False):
        if tok.stopped:
            continue
        if tok.text in words or any(tok.text.startswith(p) for p in prefixes):
            out.append(str(escape(window[index:tok.startchar])))
            out.append(f"<mark>{escape(window[tok.startchar:tok.endchar])}</mark>")
            index = tok.endchar
            marked = True
    if not marked:
        return ""
    out.append(str(escape(window[index:])))
    return ("… " if start > 0 else "") + "".join(out) + (" …" if end < len(text) else "")


_ANALYZERS: dict = {}


def _analyzer(lang: str):
    if lang not in _ANALYZERS:
        _ANALYZERS[lang] = ANALYZERS[lang]()
    return _ANALYZERS[lang]


def query_words(plan: Plan) -> dict[str, tuple[set[str], set[str]]]:
    """Analysed words and prefixes searched in each body field, for highlighting."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for q in [x for x in plan.same + plan.cross if x is not None]:
        for leaf in q.leaves() if q.leaves() else [q]:
            _collect_words(leaf, out)
    return out


def _collect_words(q, out) -> None:
    if isinstance(q, Prefix):
        out.setdefault(q.fieldname, (set(), set()))[1].add(q.text)
        return
    if q.is_leaf():
        for field, word in q.terms():
            word = word if isinstance(word, str) else word.decode()
            if field.startswith("bigrams_"):
                out.setdefault(f"body_{field[-2:]}", (set(), set()))[0].update(word.split(BIGRAM_SEP))
            else:
                out.setdefault(field, (set(), set()))[0].add(word)
        return
    for child in q.children():
        _collect_words(child, out)


def snippet(fields: dict, lang: str, words: dict) -> tuple[Markup, str]:
    order = [lang, "en" if lang == "fr" else "fr"]
    for lg in order:
        text = fields.get(f"body_{lg}") or ""
        w, p = words.get(f"body_{lg}", (set(), set()))
        if text and (w or p):
            frag = _highlight(text, lg, w, p)
            if frag:
                return Markup(frag), lg
    for lg in order:
        text = fields.get(f"body_{lg}") or ""
        if text:
            cut = text[:240]
            return Markup(escape(cut + ("…" if len(text) > 240 else ""))), lg
    return Markup(""), lang
