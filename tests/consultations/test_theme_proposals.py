"""Tagging needs a code book: the page says why when it is empty, and committee members propose themes (both
languages) that the secretariat accepts (they become themes) or declines (with a reason the proposer reads)."""
from __future__ import annotations

import re

import pytest

from portal.consultations import services
from portal.consultations.models import Theme, ThemeProposal
from portal.extensions import db
from portal.rules import RuleError


def _text(html: str) -> str:
    main = html[html.find("<main"):html.find("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_the_pages_say_why_input_cannot_be_tagged(make, client, login_as):
    c = make.consultation()
    sub, _ = make.submission(c, "do_not_publish")
    login_as(make.user("committee_member"))
    page = _text(client.get(f"/fr/consultations/soumissions/{sub.id}").get_data(as_text=True))
    assert "ne peut pas encore être étiquetée" in page and "Proposer un thème au secrétariat" in page
    book = _text(client.get(f"/en/consultations/{c.slug}/themes").get_data(as_text=True))
    assert "No theme is offered for tagging yet" in book and "Propose a theme" in book


def test_committee_proposes_and_the_secretariat_accepts_or_declines(make, client, login_as):
    c = make.consultation()
    sub, _ = make.submission(c, "do_not_publish")
    member = make.user("committee_member")
    login_as(member)
    bad = client.post(f"/en/consultations/{c.slug}/themes/propose", data={"proposal-label_fr": "Logement",
                                                                          "proposal-label_en": ""})
    assert bad.status_code == 422 and 'value="Logement"' in bad.get_data(as_text=True)
    for fr, en in (("Logement", "Housing"), ("Divers", "Miscellaneous")):
        ok = client.post(f"/en/consultations/{c.slug}/themes/propose", data={"proposal-label_fr": fr,
                                                                            "proposal-label_en": en})
        assert ok.status_code == 303
    housing, misc = db.session.query(ThemeProposal).order_by(ThemeProposal.id).all()
    assert client.post(f"/en/consultations/{c.slug}/themes/proposals/{housing.id}/accept",
                       data={"accept-code": "x"}).status_code == 403        # the secretariat decides

    login_as(make.user("secretariat"))
    review = client.get(f"/en/consultations/{c.slug}/themes/proposals/{housing.id}").get_data(as_text=True)
    assert 'value="housing"' in review                                     # a code is suggested
    resp = client.post(f"/en/consultations/{c.slug}/themes/proposals/{housing.id}/accept", data={
        "accept-code": "housing", "accept-label_fr": "Logement", "accept-label_en": "Housing and shelter"})
    assert resp.status_code == 303
    no_reason = client.post(f"/en/consultations/{c.slug}/themes/proposals/{misc.id}/decline",
                            data={"decline-reason": ""})
    assert no_reason.status_code == 422
    client.post(f"/en/consultations/{c.slug}/themes/proposals/{misc.id}/decline",
                data={"decline-reason": "Too broad to analyse."})
    db.session.expire_all()
    theme = db.session.query(Theme).filter_by(consultation_id=c.id, code="housing").one()
    assert theme.label_en == "Housing and shelter" and theme.active
    assert db.session.get(ThemeProposal, housing.id).theme_id == theme.id
    with pytest.raises(RuleError):
        services.decline_proposal(db.session.get(ThemeProposal, housing.id), "late", None)

    login_as(member)
    book = _text(client.get(f"/fr/consultations/{c.slug}/themes").get_data(as_text=True))
    assert "Acceptée (housing)" in book and "Refusée : Too broad to analyse." in book.replace("\u00a0", " ")
    page = client.get(f"/en/consultations/submissions/{sub.id}").get_data(as_text=True)
    assert "Housing and shelter" in page and "cannot be tagged yet" not in page
