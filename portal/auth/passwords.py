"""Password hashing (argon2id) and the password policy (NIST SP 800-63B): at least 12 characters and hard to
guess by zxcvbn's estimate (score 3 of 4 or more, with the person's name and email address counted as known
to an attacker); no composition rules, no forced rotation. zxcvbn's own advice is shown, translated."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

from ..i18n import _, _l

MIN_LENGTH = 12
MIN_SCORE = 3
ESTIMATED_CHARS = 128  # zxcvbn's time grows with length; a longer password is judged on its first 128
_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 low-memory defaults
# Verified when no account matches, so a login takes the same time whether or not the account exists.
_DUMMY_HASH = _hasher.hash("concerto-dummy-password-for-timing")

# zxcvbn 4.5.0's feedback (zxcvbn/feedback.py), in the page's language.
FEEDBACK = {
    "Use a few words, avoid common phrases.": _l("Use a few words, avoid common phrases."),
    "No need for symbols, digits, or uppercase letters.": _l("No need for symbols, digits, or uppercase letters."),
    "Add another word or two. Uncommon words are better.": _l("Add another word or two. Uncommon words are better."),
    "Straight rows of keys are easy to guess.": _l("Straight rows of keys are easy to guess."),
    "Short keyboard patterns are easy to guess.": _l("Short keyboard patterns are easy to guess."),
    "Use a longer keyboard pattern with more turns.": _l("Use a longer keyboard pattern with more turns."),
    'Repeats like "aaa" are easy to guess.': _l("Repeated characters such as “aaa” are easy to guess."),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        _l("Repeats such as “abcabcabc” are only slightly harder to guess than “abc”."),
    "Avoid repeated words and characters.": _l("Avoid repeated words and characters."),
    'Sequences like "abc" or "6543" are easy to guess.': _l("Sequences such as “abc” or “6543” are easy to guess."),
    "Avoid sequences.": _l("Avoid sequences."),
    "Recent years are easy to guess.": _l("Recent years are easy to guess."),
    "Avoid recent years.": _l("Avoid recent years."),
    "Avoid years that are associated with you.": _l("Avoid years that are associated with you."),
    "Dates are often easy to guess.": _l("Dates are often easy to guess."),
    "Avoid dates and years that are associated with you.": _l("Avoid dates and years that are associated with you."),
    "This is a top-10 common password.": _l("This is one of the 10 most common passwords."),
    "This is a top-100 common password.": _l("This is one of the 100 most common passwords."),
    "This is a very common password.": _l("This is a very common password."),
    "This is similar to a commonly used password.": _l("This is similar to a commonly used password."),
    "A word by itself is easy to guess.": _l("A word by itself is easy to guess."),
    "Names and surnames by themselves are easy to guess.": _l("Names and surnames by themselves are easy to guess."),
    "Common names and surnames are easy to guess.": _l("Common names and surnames are easy to guess."),
    "Capitalization doesn't help very much.": _l("Capital letters do not help very much."),
    "All-uppercase is almost as easy to guess as all-lowercase.":
        _l("All capitals are almost as easy to guess as all lower case."),
    "Reversed words aren't much harder to guess.": _l("Words spelled backwards are not much harder to guess."),
    "Predictable substitutions like '@' instead of 'a' don't help very much.":
        _l("Predictable substitutions such as “@” for “a” do not help very much."),
}


def _translated(text: str) -> str:
    return str(FEEDBACK.get(text, "")) if text else ""


def _user_inputs(known: tuple[str | None, ...]) -> list[str]:
    words = []
    for value in known:
        if value:
            words.append(value.lower())
            words.extend(part for part in value.lower().replace("@", " ").replace(".", " ").split() if len(part) > 2)
    return words


def password_problems(password: str, *known: str | None) -> list[str]:
    """What is wrong with a new password, in the page's language ([] when it may be used). `known`: what an
    attacker may know about the person (email address, name), which makes a password built on them weak."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_("Use at least %(n)d characters.", n=MIN_LENGTH))
    result = zxcvbn(password[:ESTIMATED_CHARS], user_inputs=_user_inputs(known)) if password else None
    if result is not None and result["score"] < MIN_SCORE:
        problems.append(_("This password is too easy to guess."))
        advice = [_translated(result["feedback"]["warning"])]
        advice += [_translated(s) for s in result["feedback"]["suggestions"]]
        problems.extend(a for a in advice if a)
        if not any(advice):
            problems.append(_("Use a few unrelated words."))
    return problems


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
