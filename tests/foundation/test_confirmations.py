"""What cannot be undone asks first, without JavaScript: withdrawing input and deleting a glossary entry, a
key point or a saved search answer "Are you sure?" with the record named, and change nothing until the
second, confirmed POST. Delete buttons in a list name their record for screen-reader users."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.consultations.models import KeyPoint, Submission
from portal.extensions import db
from portal.search.models import GlossaryTerm


@pytest.mark.parametrize("lang, question, yes, no", [
    ("fr", "Retirer votre contribution\u00a0?", "Oui, retirer ma contribution", "Non, garder ma contribution"),
    ("en", "Withdraw your input?", "Yes, withdraw my input", "No, keep my input"),
])
def test_withdrawing_input_asks_first_and_no_goes_back_to_the_receipt(client, make, lang, question, yes, no):
    c = make.consultation()
    sub, code = make.submission(c, text="Mon témoignage.")
    asked = client.post(("/fr/consultations/recu/retirer" if lang == "fr" else "/en/consultations/receipt/withdraw"), data={"code": code})
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and asked.headers["Cache-Control"] == "no-store"
    assert f"<h1>{question}</h1>" in html and yes in html and no in html
    assert 'name="confirmed" value="yes"' in html and 'name="csrf_token"' in html
    assert "data-quick-exit" in html
    db.session.expire_all()
    assert db.session.get(Submission, sub.id).status != "withdrawn"         # nothing changed yet
    # "No" is a POST back to the receipt page with the code, which shows the input again
    back = re.search(r'<form method="post" action="(/fr/consultations/recu|/en/consultations/receipt)"', html)
    assert back, "no way back to the receipt"
    assert "Mon témoignage." in client.post(back.group(1), data={"code": code}).get_data(as_text=True)
    done = client.post(("/fr/consultations/recu/retirer" if lang == "fr" else "/en/consultations/receipt/withdraw"), data={"code": code, "confirmed": "yes"})
    assert done.status_code == 200
    db.session.expire_all()
    assert db.session.get(Submission, sub.id).status == "withdrawn"


def test_deleting_a_key_point_asks_first_naming_it(client, make, login_as):
    login_as(make.user("secretariat"))
    rt = make.roundtable()
    client.post(f"/en/consultations/roundtables/{rt.id}/key-points", data={
        "heading_fr": "Atlantique", "heading_en": "Atlantic", "text_fr": "Manque de refuge.", "text_en": "No shelter."})
    kp = db.session.scalar(select(KeyPoint).where(KeyPoint.heading_fr == "Atlantique"))
    page = client.get(f"/en/consultations/roundtables/{rt.id}").get_data(as_text=True)
    assert 'Delete<span class="visually-hidden"> Atlantic</span>' in page
    asked = client.post(f"/fr/consultations/points-cles/{kp.id}/supprimer")
    assert asked.status_code == 200 and "Supprimer «\u00a0Atlantique\u00a0»\u00a0?" in asked.get_data(as_text=True)
    assert db.session.get(KeyPoint, kp.id) is not None
    assert client.post(f"/fr/consultations/points-cles/{kp.id}/supprimer", data={"confirmed": "yes"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(KeyPoint, kp.id) is None


def test_glossary_delete_buttons_name_their_term(client, make, login_as):
    login_as(make.user("secretariat"))
    make.glossary_term("travail forcé", "forced labour")
    make.glossary_term("permis de séjour temporaire", "temporary resident permit")
    html = client.get("/en/search/glossary").get_data(as_text=True)
    assert 'Delete<span class="visually-hidden" lang="fr"> travail forcé</span>' in html         # the French term, marked
    assert 'Delete<span class="visually-hidden" lang="fr"> permis de séjour temporaire</span>' in html
    assert "Delete</button>" not in html                                     # no nameless "Delete"
    term = db.session.scalar(select(GlossaryTerm).where(GlossaryTerm.term_fr == "travail forcé"))
    asked = client.post(f"/fr/recherche/glossaire/{term.id}/supprimer")
    # on a French page the English term reads with an English voice
    assert ('Supprimer «\u00a0<span lang="fr">travail forcé</span> / <span lang="en">forced labour</span>\u00a0»\u00a0?'
            in asked.get_data(as_text=True))
    assert "<title>Supprimer «\u00a0travail forcé / forced labour\u00a0»\u00a0?" in asked.get_data(as_text=True)
    assert 'href="/fr/recherche/glossaire">Non, annuler</a>' in asked.get_data(as_text=True)


@pytest.mark.parametrize("lang, question, yes, no", [
    ("fr", "Retirer la source", "Oui, retirer la source", "Non, garder la source"),
    ("en", "Remove the source", "Yes, remove the source", "No, keep the source"),
])
def test_removing_a_lesson_source_asks_first_naming_the_source(client, make, login_as, lang, question, yes, no):
    from portal.links import Link

    secretariat = make.user("secretariat")
    finding = make.finding(code="C7", title_fr="Constat sur les refuges", title_en="Shelter finding")
    lesson = make.lesson(actor=secretariat, title_en="Shelters", sources=[("evaluation_finding", finding.id, None)])
    link = db.session.scalar(select(Link).where(Link.target_type == "lesson", Link.target_id == lesson.id))
    login_as(secretariat)
    page = client.get(f"/fr/recherche/lecons/{lesson.id}" if lang == "fr" else f"/en/search/lessons/{lesson.id}").get_data(as_text=True)
    action = (f"/fr/recherche/lecons/{lesson.id}/sources/{link.id}/supprimer" if lang == "fr" else f"/en/search/lessons/{lesson.id}/sources/{link.id}/delete")
    assert f'action="{action}"' in page
    asked = client.post(action)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and question in html and yes in html and no in html
    assert ("Constat sur les refuges" if lang == "fr" else "Shelter finding") in html
    assert 'name="confirmed" value="yes"' in html
    assert (f'href="/fr/recherche/lecons/{lesson.id}#sources"' if lang == "fr" else f'href="/en/search/lessons/{lesson.id}#sources"') in html             # "No" goes back
    db.session.expire_all()
    assert db.session.get(Link, link.id) is not None                               # nothing changed yet
    assert client.post(action, data={"confirmed": "yes"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Link, link.id) is None


@pytest.mark.parametrize("lang, question, yes, no", [
    ("fr", "Retirer votre proposition\u202f?", "Oui, retirer ma proposition", "Non, garder ma proposition"),
    ("en", "Withdraw your proposal?", "Yes, withdraw my proposal", "No, keep my proposal"),
])
def test_withdrawing_a_proposal_asks_first(client, make, login_as, lang, question, yes, no):
    from portal.coalitions import services
    from portal.coalitions.models import ChangeProposal

    org = make.org("NGOC", "ngo")
    ngo = make.user("ngo_member", org=org, lang=lang)
    proposal = services.propose_change(make.service("ON", owner=org),
                                       services.input_from(make.service("ON", owner=org), city="Ottawa"), actor=ngo)
    db.session.commit()
    login_as(ngo)
    action = (f"/fr/coalitions/propositions/{proposal.id}/retirer" if lang == "fr" else f"/en/coalitions/proposals/{proposal.id}/withdraw")
    assert f'action="{action}"' in client.get(f"/fr/coalitions/propositions/{proposal.id}" if lang == "fr" else f"/en/coalitions/proposals/{proposal.id}").get_data(as_text=True)
    asked = client.post(action)
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and f"<h1>{question}</h1>" in html and yes in html and no in html
    assert (f'href="/fr/coalitions/propositions/{proposal.id}"' if lang == "fr" else f'href="/en/coalitions/proposals/{proposal.id}"') in html
    db.session.expire_all()
    assert db.session.get(ChangeProposal, proposal.id).status == "pending"
    assert client.post(action, data={"confirmed": "yes"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(ChangeProposal, proposal.id).status == "withdrawn"
