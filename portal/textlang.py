"""Which official language a text is written in, when the portal did not record it (rows written before the
"written in" columns, the built-in terminology). py3langid, pinned, restricted to French and English.

Too short to tell (a number, a code, "CBSA", one word shared by both languages): None, and the page then shows
the text unmarked, in the page's language, which is right for numbers and codes."""
from __future__ import annotations

import re
import threading

MIN_WORDS = 3          # under three words the model mostly guesses ("agression sexuelle" comes out English)
MIN_CONFIDENCE = 0.9
_WORD = re.compile(r"[^\W\d_]{2,}")
_lock = threading.Lock()
_identifier = None


def _model():
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            ident = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
            ident.set_languages(["fr", "en"])
            _identifier = ident
    return _identifier


def word_count(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def identify(text: str | None, *, min_words: int = MIN_WORDS, confidence: float = MIN_CONFIDENCE) -> str | None:
    """"fr" or "en" when the text says so clearly enough, else None."""
    if word_count(text) < min_words:
        return None
    lang, probability = _model().classify(text)
    return lang if probability >= confidence else None
