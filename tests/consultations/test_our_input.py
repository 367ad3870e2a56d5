"""An organisation's list of its own input: status, consultation, date and what happened to each; only its
members see it, and input sent on behalf of a survivor is not in it."""
from __future__ import annotations

import re

from portal.consultations import services
from portal.extensions import db


def _text(html: str) -> str:
    main = html[html.find("<main"):html.find("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_members_list_their_organisations_input_and_what_happened(make, client, login_as):
    c = make.consultation()
    ngo, other_ngo = make.org("REFUGE", "ngo"), make.org("AUTRE", "ngo")
    member, colleague = make.user("ngo_member", org=ngo), make.user("ngo_member", org=ngo)
    stranger = make.user("ngo_member", org=other_ngo)
    published, _ = make.submission(c, "publish_named", user=member, for_org=True,
                                   text="Nos refuges à Sherbrooke débordent.")
    services.moderate(published, services.ModerationInput("redact", reason="lieu", passage="à Sherbrooke",
                                                          answer_id=published.answers[0].id), None)
    services.moderate(published, services.ModerationInput("publish"), None)
    secretariat = make.user("secretariat")
    commitment = make.commitment(make.plan(), ref="4.2", title_en="Shelters for all")
    services.link_commitment(published, services.LinkInput(commitment.id), secretariat)
    private, _ = make.submission(c, "do_not_publish", user=colleague, for_org=True, text="Note interne.")
    make.submission(c, "publish_anonymous", user=member, for_org=False, text="À titre personnel.")
    make.submission(c, "publish_anonymous", user=member, on_behalf=True, attested=True, text="Pour une survivante.")
    make.submission(c, "publish_anonymous", user=stranger, for_org=True, text="Autre organisme.")
    db.session.commit()

    login_as(colleague)
    page = _text(client.get("/en/consultations/our-input").get_data(as_text=True))
    assert f"Submission {published.id}" in page and f"Submission {private.id}" in page
    assert page.count("Submission ") == 2                  # not personal, survivor's or another NGO's input
    assert "Published with 1 passage(s) redacted" in page and "Linked to Commitment: 4.2 Shelters for all" in page
    assert "Not published, as you chose" in page and "Do not publish" in page and c.title_en in page
    fr = _text(client.get("/fr/consultations/nos-contributions").get_data(as_text=True))
    assert "Contributions de notre organisme" in fr and "Publiée" in fr
    assert "/en/consultations/our-input" in client.get("/en/consultations/").get_data(as_text=True)

    login_as(stranger)
    page = _text(client.get("/en/consultations/our-input").get_data(as_text=True))
    assert page.count("Submission ") == 1 and "Sherbrooke" not in page


def test_visitors_sign_in_and_people_without_an_organisation_role_are_refused(make, client, login_as):
    assert client.get("/en/consultations/our-input").status_code in (302, 303)
    login_as(make.user("admin"))
    assert client.get("/en/consultations/our-input").status_code == 403
