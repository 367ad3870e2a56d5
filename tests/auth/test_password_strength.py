"""Password strength (zxcvbn, score 3 or more) wherever a password is set, with zxcvbn's advice in the page's
language; what was typed elsewhere in the form is kept."""
from __future__ import annotations

import pytest

from portal.auth import services
from portal.auth.models import User
from portal.auth.passwords import password_problems
from portal.extensions import db
from portal.rules import RuleError

from ..twofactor import sign_in

PASSWORD = "correct horse battery staple"
GOOD = "lantern orbit maple quietly"


def _plain(text: str) -> str:
    """Spaces as typed, whatever French typography put there (no-break, narrow no-break)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("&#34;", '"')


def test_repeated_characters_are_refused_and_a_passphrase_is_accepted():
    assert password_problems("aaaaaaaaaaaa")
    assert password_problems("Password1234")
    assert password_problems(GOOD) == []


def test_a_password_built_on_the_persons_own_name_or_address_is_refused():
    known = ("xavier.quenneville@example.test", "Xavier Quenneville")
    assert password_problems("quennevillexavier", *known)
    assert password_problems("quennevillexavier") == []  # for someone else, a rare enough string


@pytest.mark.parametrize("lang,words", [
    ("en", ("too easy to guess", "Repeated characters such as “aaa” are easy to guess.")),
    ("fr", ("trop facile à deviner", "Les caractères répétés comme « aaa » sont faciles à deviner.")),
])
def test_the_account_page_refuses_a_weak_password_with_advice_in_the_page_language(client, make, lang, words):
    user = make.user("ngo_member", password=PASSWORD)
    sign_in(client, user.email, PASSWORD, lang)
    r = client.post(("/fr/compte" if lang == "fr" else "/en/account"), data={"current": PASSWORD, "password": "aaaaaaaaaaaa",
                                              "confirm": "aaaaaaaaaaaa"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    for word in words:
        assert _plain(word) in _plain(html)
    db.session.expire_all()
    assert services.authenticate(user.email, PASSWORD) is not None  # unchanged


def test_the_account_page_accepts_a_passphrase(client, make):
    user = make.user("ngo_member", password=PASSWORD)
    sign_in(client, user.email, PASSWORD, "en")
    r = client.post("/en/account", data={"current": PASSWORD, "password": GOOD, "confirm": GOOD})
    assert r.status_code == 303
    db.session.expire_all()
    assert services.authenticate(user.email, GOOD) is not None


def test_an_invitation_refuses_a_weak_password(client, make):
    user = make.user("ngo_member")
    token = services.invite(user)
    db.session.commit()
    r = client.post(f"/fr/invitation/{token}", data={"password": "aaaaaaaaaaaa", "confirm": "aaaaaaaaaaaa"})
    assert r.status_code == 422 and "trop facile à deviner" in r.get_data(as_text=True)
    r = client.post(f"/fr/invitation/{token}", data={"password": GOOD, "confirm": GOOD})
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash


def test_the_service_refuses_a_weak_password_whoever_sets_it(make):
    """Accounts made with a password (command line, demo) go through the same rule."""
    with pytest.raises(RuleError):
        make.user("ngo_member", password="aaaaaaaaaaaa")
