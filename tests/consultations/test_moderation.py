"""Moderation, themes, quotes and "what we heard" (fewer than 5 in public), links to commitments."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.audit import AuditEntry
from portal.consultations import services
from portal.db import utcnow
from portal.extensions import db
from portal.rules import RuleError


def test_secretariat_moderates_with_recorded_reasons_and_the_audit_log(make, client, login_as):
    c = make.consultation()
    sub, _ = make.submission(c, "publish_named", text="Mon nom est Julie et je vis à Laval.",
                             attribution_name="Julie")
    login_as(make.user("secretariat"))
    queue = client.get("/fr/consultations/moderation").get_data(as_text=True)
    assert f"/fr/consultations/soumissions/{sub.id}" in queue
    answer = sub.answers[0]
    resp = client.post(f"/en/consultations/submissions/{sub.id}/moderate", data={
        "mod-action": "hide", "mod-reason": ""})
    assert resp.status_code == 422 and "Give the reason" in resp.get_data(as_text=True)
    resp = client.post(f"/en/consultations/submissions/{sub.id}/moderate", data={
        "mod-action": "redact", "mod-answer_id": str(answer.id), "mod-passage": "je vis à Laval",
        "mod-reason": "lieu identifiant"})
    assert resp.status_code == 303
    client.post(f"/en/consultations/submissions/{sub.id}/moderate", data={"mod-action": "publish", "mod-reason": ""})
    db.session.expire_all()
    assert sub.moderation == "published" and sub.public_text(answer) == "Mon nom est Julie et […]."
    assert answer.text.endswith("je vis à Laval.")      # the original is kept for the secretariat
    visitor = client.application.test_client()
    page = visitor.get(f"/en/consultations/submissions/{sub.id}").get_data(as_text=True)
    assert "Laval" not in page and "Julie" in page
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == sub.id)))
    assert {"submission.created", "submission.redacted", "submission.published"} <= actions
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "submission.redacted"))
    assert entry.summary == "lieu identifiant" and entry.actor_user_id is not None


def test_only_consented_input_can_be_published_or_quoted(make):
    c = make.consultation()
    sub, _ = make.submission(c, "do_not_publish")
    theme = make.theme(c, "t", "T", "T")
    with pytest.raises(RuleError, match="did not consent"):
        services.moderate(sub, services.ModerationInput("publish"), None)
    with pytest.raises(RuleError, match="consented to publication can be quoted"):
        services.tag(sub, services.TagInput(theme.id, excerpt="Une", quote=True), None)


def _closed_with_input(make, n_survivors=3, n_ngo=6):
    c = make.consultation()
    theme = make.theme(c, "housing", "Logement", "Housing")
    for i in range(n_survivors):
        make.submission(c, "secretariat_only", text=f"secret {i}", category="survivors")
    quoted = None
    for i in range(n_ngo):
        sub, _ = make.submission(c, "publish_anonymous", text=f"Il faut du logement sûr {i}.", category="ngo",
                                 publish=True)
        services.tag(sub, services.TagInput(theme.id, answer_id=sub.answers[0].id, excerpt=f"logement sûr {i}",
                                            quote=i == 0), None)
        quoted = quoted or sub
    c.closes_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    return c


def test_what_we_heard_rounds_counts_for_the_public_and_is_published_in_both_languages(make, client,
                                                                                          login_as, app):
    c = _closed_with_input(make)
    assert client.get(f"/en/consultations/{c.slug}/what-we-heard").status_code == 404   # not published yet
    staff = app.test_client()
    login_as(make.user("secretariat"), staff)
    preview = staff.get(f"/fr/consultations/{c.slug}/ce-que-nous-avons-entendu").get_data(as_text=True)
    assert "Victimes et survivants</td><td>3</td>" in preview
    resp = staff.post(f"/en/consultations/{c.slug}/what-we-heard/edit",
                      data={"wwh_fr": "Nous avons entendu.", "wwh_en": "", "publish": "1"})
    assert "both French and English" in resp.get_data(as_text=True)
    resp = staff.post(f"/en/consultations/{c.slug}/what-we-heard/edit",
                      data={"wwh_fr": "Nous avons entendu.", "wwh_en": "We heard.", "publish": "1"})
    assert resp.status_code == 303
    for lang, rounded, narrative in (("fr", "arrondi", "Nous avons entendu."), ("en", "rounded", "We heard.")):
        page = client.get(f"/fr/consultations/{c.slug}/ce-que-nous-avons-entendu" if lang == "fr" else f"/en/consultations/{c.slug}/what-we-heard").get_data(as_text=True)
        assert narrative in page and rounded in page and "</td><td>3</td>" not in page  # see test_disclosure.py
        assert "</td><td>6</td>" not in page and ("</td><td>5</td>" in page or "</td><td>10</td>" in page)
        assert "logement sûr 0" in page           # the consented quote
        assert "logement sûr 1" not in page       # tagged but not offered as a quote
        assert "secret" not in page[page.find("<main"):page.find("</main>")]   # the footer names the secretariat


def test_submission_links_to_the_commitment_it_informs(make, client, login_as):
    c = make.consultation()
    sub, _ = make.submission(c, "publish_anonymous", text="Il faut un mécanisme national d'orientation.",
                             publish=True)
    commitment = make.commitment(make.plan(), ref="3.7", title_en="National referral mechanism")
    login_as(make.user("secretariat"))
    page = client.get(f"/en/consultations/submissions/{sub.id}").get_data(as_text=True)
    assert "Link to a commitment it informs" in page
    resp = client.post(f"/en/consultations/submissions/{sub.id}/link",
                       data={"link-commitment": "3.7"})  # the reference people see
    assert resp.status_code == 303
    page = client.get(f"/en/consultations/submissions/{sub.id}").get_data(as_text=True)
    assert "Linked records" in page and f'href="/en/commitments/{commitment.id}"' in page
    assert "3.7 National referral mechanism" in page
    # ... and the way back, on the commitment's page, for anyone who may see both
    visitor = client.application.test_client()
    back = visitor.get(f"/en/commitments/{commitment.id}").get_data(as_text=True)
    assert f'href="/en/consultations/submissions/{sub.id}"' in back and f"Submission {sub.id}" in back
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "link.created"))
    assert entry.summary == f"submission:{sub.id} -informs-> commitment:{commitment.id}"


@pytest.mark.parametrize("lang,message", [("fr", "Rien de ce que vous pouvez voir ne porte la référence"),
                                          ("en", "Nothing you may see has the reference")])
def test_linking_a_commitment_that_does_not_exist_or_is_not_visible_is_refused(make, client, login_as,
                                                                              monkeypatch, lang, message):
    from portal.links import Link
    from portal.permissions import ALL, ROLE_PERMISSIONS

    c = make.consultation()
    sub, _ = make.submission(c, "publish_anonymous", publish=True)
    hidden = make.commitment(make.plan(), ref="4.2", visibility="internal")
    # Someone who may manage consultations (an NGO member, by a grant for this test only) but not read internal
    # commitments: linking one answers as if it did not exist.
    monkeypatch.setitem(ROLE_PERMISSIONS["ngo_member"], "consultation.manage", ALL)
    login_as(make.user("ngo_member"))
    for number in ("9.99.9", hidden.ref):
        resp = client.post((f"/fr/consultations/soumissions/{sub.id}/lier" if lang == "fr" else f"/en/consultations/submissions/{sub.id}/link"), data={"link-commitment": number})
        html = resp.get_data(as_text=True)
        assert resp.status_code == 422 and message in html and f'value="{number}"' in html
    assert db.session.scalar(select(func.count()).select_from(Link)) == 0
