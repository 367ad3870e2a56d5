"""Each status of a plan has a colour from an accessible palette (its label always written beside it) and a
"needs attention" flag that the dashboard counts, whatever the status is called."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.commitments.models import STATUS_COLOURS, Plan
from portal.extensions import db

CSS = Path(__file__).resolve().parents[2] / "portal" / "static" / "css" / "commitments.css"


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))

    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_colour_of_the_palette_is_readable_and_the_stylesheet_uses_it():
    css = CSS.read_text(encoding="utf-8")
    for key, (_name, text, background) in STATUS_COLOURS.items():
        assert contrast(text, background) >= 4.5, key
        assert contrast(text, "#ffffff") >= 4.5, key   # the text colour on a white page too
        rule = re.search(rf"\.badge\.status-colour-{key} {{ color: (#[0-9a-f]{{6}}); background: (#[0-9a-f]{{6}}); }}", css)
        assert rule and rule.groups() == (text, background), key


STATUSES = ("not_started | Non commencé | Not started | 0 | no | grey | no\n"
            "stalled | En suspens | Stalled | 10 | no | violet | oui\n"
            "at_risk | À risque | At risk | 40 | no | amber | no\n"
            "done | Réalisé | Done | 100 | yes | blue | no")


def _settings(plan, statuses):
    return {"code": plan.code, "title_fr": "Plan", "title_en": "Plan", "status": "active", "period_start": "",
            "period_end": "", "pillars": "prevention | Prévention | Prevention", "objectives": "",
            "statuses": statuses}


def test_a_custom_status_flagged_needs_attention_is_counted_and_coloured(people, make, login_as, client):
    plan = people.plan
    login_as(people.secretariat)
    assert client.post(f"/en/commitments/plans/{plan.code}/settings", data=_settings(plan, STATUSES)).status_code == 303
    db.session.expire_all()
    plan = db.session.scalar(select(Plan).where(Plan.id == plan.id))
    assert plan.attention_status_keys() == ["stalled"]
    assert plan.status_by_key()["stalled"].colour == "purple"     # "violet" is the French name of the colour
    for n in range(2):
        make.commitment(plan, f"7.{n}", people.rcmp, status="stalled", pillar_key="prevention")
    make.commitment(plan, "7.9", people.rcmp, status="at_risk", pillar_key="prevention")  # not flagged any more
    html = client.get(f"/en/commitments/plans/{plan.code}").get_data(as_text=True)
    card = re.search(r'status=([^"]*)" aria-label="2 commitments need attention">(\d+)</a></p><p>need attention \(([^)]*)\)',
                     html)  # the link is named by more than its number
    assert card and card.groups() == ("stalled", "2", "Stalled")
    assert html.count('<span class="badge status-stalled status-colour-purple">Stalled</span>') == 2
    fr = client.get(f"/fr/engagements/plans/{plan.code}").get_data(as_text=True)
    assert "à surveiller (En suspens)" in fr and ">En suspens</span>" in fr


@pytest.mark.parametrize("lang,message", [("en", "the colour is one of: grey, blue"),
                                          ("fr", "la couleur est l’une de celles-ci\u00a0: grey, blue")])
def test_an_unknown_colour_is_refused_and_the_text_kept(people, login_as, client, lang, message):
    login_as(people.secretariat)
    text = "not_started | Non commencé | Not started | 0 | no | fuchsia | no"
    resp = client.post((f"/fr/engagements/plans/{people.plan.code}/parametres" if lang == "fr" else f"/en/commitments/plans/{people.plan.code}/settings"), data=_settings(people.plan, text))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and message in html and text in html


def test_new_plans_get_the_default_colours_and_flags(make):
    plan = make.plan()
    by_key = plan.status_by_key()
    assert plan.attention_status_keys() == ["at_risk", "delayed"]
    assert (by_key["on_track"].colour, by_key["delayed"].colour, by_key["completed"].colour) == ("green", "red", "blue")
