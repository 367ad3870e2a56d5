"""No survivor can be singled out by the counts: "what we heard" and roundtable attendance go through
portal.disclosure (random rounding to base 5), for the public and the committee alike; exact for the
secretariat only.

The attack tested: five NGOs published their input with their name (anyone can read that they agreed); one
survivor sent input that is not published. The attacker reads every number the visitor's page shows and
asks which worlds could have produced them. If every such world has a survivor strongly disagreeing, the
page told the survivor's answer. Today's page ("fewer than 5" below 5, exact figures above) does; the rounded
page leaves a world where an unpublished NGO input strongly disagreed and the survivor agreed.
"""
from __future__ import annotations

import itertools
import re
from datetime import timedelta

from portal.consultations import queries, services
from portal.db import utcnow
from portal.extensions import db

AGREE, STRONGLY_DISAGREE = "4", "1"


def _send(c, category: str, value: str, consent: str):
    q = c.questions[1]  # the agree-disagree question
    data = services.SubmissionInput(answers={q.id: ("", value)}, body="", consent=consent, language="fr",
                                    attribution_name="Organisme", category_id=queries.category_by_code(category).id)
    sub, _code, _ = services.submit(c, data, None, services.new_form_token())
    return sub


def _six_inputs(make):
    c = make.consultation()
    for _ in range(5):
        sub = _send(c, "ngo", AGREE, "publish_named")
        services.moderate(sub, services.ModerationInput("publish"), None)
    _send(c, "survivors", STRONGLY_DISAGREE, "secretariat_only")
    c.closes_at = utcnow() - timedelta(hours=1)
    services.save_what_we_heard(c, services.WhatWeHeardInput("Nous avons entendu.", "We heard.", publish=True), None)
    db.session.commit()
    return c


def _shown(page: str) -> dict[str, str]:
    """Every figure the English page shows, by what it counts ("" when the row is not shown)."""
    text = re.sub(r"<[^>]+>", "|", page)
    text = re.sub(r"\|+", "|", text)

    def after(label):
        m = re.search(re.escape(label) + r"\|?\s*([^|]+?)\s*\|", text)
        return m.group(1).strip() if m else ""

    question = text[text.index("Current services meet the needs"):]
    return {
        "total": after("Input received:"),
        "ngo": after("|Non-governmental organisations|") if "Non-governmental" in text else "",
        "survivors": after("|Victims and survivors|"),
        "answered": re.search(r"Answers:\s*\|?\s*([^|]+)", question).group(1).strip(),
        "q_ngo": re.search(r"\|Non-governmental organisations\|([^|]+)\|", question).group(1)
        if "|Non-governmental organisations|" in question else "",
        "q_survivors": re.search(r"\|Victims and survivors\|([^|]+)\|", question).group(1)
        if "|Victims and survivors|" in question else "",
        "agree": re.search(r"\|Agree: ([^|]+)\|", question).group(1) if "|Agree: " in question else "",
        "strongly_disagree": re.search(r"Strongly disagree: ([^|]+)\|", question).group(1)
        if "Strongly disagree:" in question else "",
    }


def _could_be(shown: str, true: int) -> bool:
    """Could a true count `true` be shown as `shown`? Both rules: the old one ("fewer than 5", exact
    from 5) and random rounding to base 5 (zero stays zero; otherwise either neighbouring multiple)."""
    shown = shown.strip()
    if shown in ("", "0"):
        return 0 <= true <= 4  # not shown, or rounded down to 0
    if shown == "fewer than 5":
        return 1 <= true <= 4
    value = int(shown.replace(",", ""))
    if value % 5:
        return value == true                    # an exact figure
    return true > 0 and abs(true - value) < 5   # a rounded figure


def _worlds_consistent_with(shown: dict[str, str]):
    """Hidden input (unpublished NGOs and survivors, agreeing or strongly disagreeing) next to the five
    published NGO inputs that agree: every world whose true counts could show what the page shows."""
    for ngo_agree, ngo_sd, surv_agree, surv_sd in itertools.product(range(6), repeat=4):
        ngo, surv = 5 + ngo_agree + ngo_sd, surv_agree + surv_sd
        agree, sd, total = 5 + ngo_agree + surv_agree, ngo_sd + surv_sd, ngo + surv
        true = {"total": total, "ngo": ngo, "survivors": surv, "answered": total, "q_ngo": ngo,
                "q_survivors": surv, "agree": agree, "strongly_disagree": sd}
        if all(_could_be(shown[k], n) for k, n in true.items()):
            yield {"surv_sd": surv_sd, "surv_agree": surv_agree}


def test_no_combination_of_shown_numbers_tells_the_survivors_answer(make, client, login_as, app):
    c = _six_inputs(make)
    committee = login_as(make.user("committee_member"), app.test_client())
    for reader in (client, committee):
        page = reader.get(f"/en/consultations/{c.slug}/what-we-heard").get_data(as_text=True)
        shown = _shown(page)
        assert shown["total"] and shown["agree"], shown
        worlds = list(_worlds_consistent_with(shown))
        assert any(w["surv_sd"] >= 1 for w in worlds), (shown, "the truth must stay possible")
        assert any(w["surv_sd"] == 0 for w in worlds), (shown, "every world left says the survivor disagreed")
        assert "fewer than 5" not in page
        figures = [int(n) for n in re.findall(r"</td><td>(\d+)</td>", page)]
        assert figures and all(n % 5 == 0 for n in figures)


def test_rounding_is_stable_and_the_secretariat_sees_exact_counts(make, client, login_as, app):
    c = _six_inputs(make)
    pages = {client.get(f"/en/consultations/{c.slug}/what-we-heard").get_data(as_text=True) for _ in range(3)}
    assert len(pages) == 1  # reloading cannot average the noise away
    fr, en = (queries.what_we_heard(c, exact=False) for _ in range(2))
    assert fr.by_category == en.by_category and fr.total == en.total
    staff = login_as(make.user("secretariat"), app.test_client())
    page = staff.get(f"/en/consultations/{c.slug}/what-we-heard").get_data(as_text=True)
    assert "Victims and survivors</td><td>1</td>" in page and "You see exact counts" in page
    exact = queries.what_we_heard(c, exact=True)
    assert exact.total == 6 and dict(exact.by_category)["Victims and survivors"] == 1


def test_roundtable_attendance_is_rounded_on_the_page_and_in_the_api(make, client, login_as, app):
    make.categories()
    ngo, survivors = queries.category_by_code("ngo"), queries.category_by_code("survivors")
    rt = services.save_roundtable(services.RoundtableInput(
        title_fr="Table ronde", title_en="Roundtable", jurisdiction_code="NS", city="Halifax",
        held_on=utcnow().date(), organiser_en="PS", chatham_house=True, attendance={ngo.id: 12, survivors.id: 3}), None)
    db.session.commit()
    page = client.get(f"/en/consultations/roundtables/{rt.id}").get_data(as_text=True)
    assert "Victims and survivors</td><td>3</td>" not in page
    shown = [int(n) for n in re.findall(r"</td><td>(\d+)</td>", page)]
    assert shown and all(n % 5 == 0 for n in shown)
    data = client.get(f"/api/v1/roundtables/{rt.id}").get_json()
    assert data["counts_rounded"] and all(n % 5 == 0 for n in data["attendance"].values())
    assert data["attendance"].get("survivors", 0) in (0, 5) and data["attendance_total"] in (10, 15, 20)
    staff = login_as(make.user("secretariat"), app.test_client())
    assert staff.get(f"/api/v1/roundtables/{rt.id}").get_json()["attendance"]["survivors"] == 3
