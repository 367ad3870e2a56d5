"""French and English analysis chains for the index.

The stock LanguageAnalyzer('fr') keeps accents, does not join feminine and plural forms
("travailleuses" -> "travaill", "travailleurs" -> "travailleur") and keeps elided articles ("d'urgence").
Both chains here: tokenise, lowercase, fold ligatures and accents, drop stop words and elisions, join word
families (French plural/feminine; British/American spellings), then stem. Queries go through the same
chains, so whatever the folding does to the documents it also does to the query.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, ShingleFilter, StopFilter
from whoosh.lang.porter2 import stem as english_porter
from whoosh.lang.snowball.french import FrenchStemmer
from whoosh.lang.stopwords import stoplists

# Words, numbers with dots or commas (6,5 M$ / 2016-2017 stay as tokens), no apostrophes: "d'urgence"
# becomes "d" + "urgence" and the elided "d" is a stop word.
TOKEN_PATTERN = r"\w+(?:[.,]\d+)*"
LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ﬁ": "fi", "ﬂ": "fl"}
_LIGATURE_TABLE = str.maketrans(LIGATURES)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lowercase text without accents or ligatures: 'Main-d’Œuvre' -> 'main-d’oeuvre'."""
    word = word.translate(_LIGATURE_TABLE)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class LigatureFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            t.text = t.text.translate(_LIGATURE_TABLE)
            yield t


class FoldFilter(Filter):
    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


FRENCH_ELISIONS = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"}
FRENCH_STOP = frozenset(set(stoplists["fr"]) | {fold(w) for w in stoplists["fr"]} | FRENCH_ELISIONS) - {"pas"}
ENGLISH_STOP = frozenset(stoplists["en"]) - {"us"}

_french_stemmer = FrenchStemmer()

# Feminine endings and their masculine forms, longest first (applied after the plural is removed).
_FEMININE = (("euse", "eur"), ("trice", "teur"), ("ière", "ier"), ("iere", "ier"), ("ère", "er"), ("ere", "er"),
             ("ive", "if"), ("ente", "ent"), ("enne", "en"), ("elle", "el"), ("ette", "et"), ("ée", "é"), ("ee", "e"))


@lru_cache(maxsize=200_000)
def french_normalize(word: str) -> str:
    """Join plural and feminine forms of a lowercase French word: étrangères/étrangers -> étranger."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("eaux"):
        word = word[:-1]
    elif word.endswith("aux") and len(word) > 5:
        word = word[:-3] + "al"
    elif word[-1] in "sx" and not word.endswith("ss") and len(word) > 4:
        word = word[:-1]
    for fem, masc in _FEMININE:
        if word.endswith(fem) and len(word) - len(fem) >= 3:
            word = word[: -len(fem)] + masc
            break
    # Third-person plural verbs (témoignent, travaillent), which Snowball keeps whole; -ment nouns stay.
    if len(word) >= 7 and word.endswith("ent") and not word.endswith("ment"):
        word = word[:-3]
    return word


@lru_cache(maxsize=200_000)
def french_stem(word: str) -> str:
    """Normalise, stem with Snowball (which needs the accents: témoignent -> témoign), then fold."""
    word = french_normalize(word)
    if not word.isalpha():
        return fold(word)
    stemmed = fold(_french_stemmer.stem(word))
    # Snowball keeps a final -e on some words and not on their family (victime/victim): drop it.
    if len(stemmed) > 4 and stemmed.endswith("e"):
        stemmed = stemmed[:-1]
    return stemmed


# British -> American spellings the stemmer does not join by itself.
_BRITISH = {
    "labour": "labor", "labours": "labors", "behaviour": "behavior", "behaviours": "behaviors",
    "colour": "color", "favour": "favor", "honour": "honor", "neighbour": "neighbor", "neighbours": "neighbors",
    "neighbourhood": "neighborhood", "neighbourhoods": "neighborhoods", "harbour": "harbor", "rumour": "rumor",
    "endeavour": "endeavor", "centre": "center", "centres": "centers", "centred": "centered",
    "programme": "program", "programmes": "programs", "defence": "defense", "offence": "offense",
    "offences": "offenses", "licence": "license", "licences": "licenses", "practise": "practice",
    "travelling": "traveling", "travelled": "traveled", "counselling": "counseling", "counsellor": "counselor",
    "counsellors": "counselors", "modelling": "modeling", "catalogue": "catalog", "dialogue": "dialog",
    "enrolment": "enrollment", "fulfil": "fulfill", "judgement": "judgment", "ageing": "aging",
    "paediatric": "pediatric", "anaesthesia": "anesthesia", "manoeuvre": "maneuver", "grey": "gray",
    "cheque": "check", "tonne": "ton", "litre": "liter", "metre": "meter", "theatre": "theater",
}
# -ise/-isation words that are not British spellings of -ize.
_ISE_KEEP = {"advise", "advised", "advises", "advising", "exercise", "exercised", "exercises", "exercising",
             "otherwise", "promise", "promised", "promises", "premise", "premises", "surprise", "surprised",
             "expertise", "enterprise", "enterprises", "franchise", "compromise", "compromised", "revise",
             "revised", "revising", "supervise", "supervised", "supervising", "merchandise", "comprise",
             "comprised", "comprises", "devise", "devised", "disguise", "disguised", "televise", "televised",
             "improvise", "raise", "raised", "raises", "raising", "praise", "noise", "wise", "rise", "arise",
             "arising", "concise", "precise", "paradise", "despise", "chastise", "incise", "excise", "poise",
             "cruise", "bruise", "guise", "likewise", "clockwise", "demise", "rise", "rising", "arisen", "apprise"}
_ISE_RE = re.compile(r"^(\w{3,})is(e|ed|es|ing|ation|ations|er|ers)$")


@lru_cache(maxsize=200_000)
def english_normalize(word: str) -> str:
    if word in _BRITISH:
        return _BRITISH[word]
    if word not in _ISE_KEEP:
        m = _ISE_RE.match(word)
        if m:
            return f"{m.group(1)}iz{m.group(2)}"
    if word.endswith("our") and word[:-3] + "or" in _BRITISH.values():
        return word[:-3] + "or"
    return word


@lru_cache(maxsize=200_000)
def english_stem(word: str) -> str:
    return english_porter(english_normalize(word))


class FunctionFilter(Filter):
    """Apply a word -> word function to each token's text (lru-cached functions above keep this cheap)."""

    def __init__(self, func):
        self.func = func

    def __eq__(self, other):
        return type(self) is type(other) and self.func is other.func

    def __call__(self, tokens):
        func = self.func
        for t in tokens:
            if not t.stopped:
                t.text = func(t.text)
            yield t


def french_analyzer():
    return (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | LigatureFilter()
            | StopFilter(stoplist=FRENCH_STOP, minsize=1) | FunctionFilter(french_stem))


def english_analyzer():
    return (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | FoldFilter()
            | StopFilter(stoplist=ENGLISH_STOP | FRENCH_ELISIONS, minsize=1) | FunctionFilter(english_stem))


def plain_analyzer():
    """Folded, unstemmed words: the vocabulary of spelling suggestions."""
    return (RegexTokenizer(r"[^\W\d_]{3,}") | LowercaseFilter() | FoldFilter()
            | StopFilter(stoplist=FRENCH_STOP | ENGLISH_STOP, minsize=3))


BIGRAM_SEP = "|"


def bigram_analyzer(lang: str):
    """Pairs of consecutive analysed words ("travail|forc"): phrase queries become term lookups instead
    of position checks in every document that has all the words (most of the time of a cold search)."""
    return ANALYZERS[lang]() | ShingleFilter(size=2, sep=BIGRAM_SEP)


ANALYZERS = {"fr": french_analyzer, "en": english_analyzer}


def analyze(text: str, lang: str) -> list[str]:
    return [t.text for t in _cached_analyzer(lang)(text)]


@lru_cache(maxsize=4)
def _cached_analyzer(lang: str):
    return ANALYZERS[lang]() if lang in ANALYZERS else plain_analyzer()
