"""Reporting cycles: one open cycle at a time over the same dates of a plan; the suggested name in each language."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.commitments.models import ReportingCycle
from portal.extensions import db


def _count(plan) -> int:
    return db.session.scalar(select(func.count()).select_from(ReportingCycle).where(ReportingCycle.plan_id == plan.id))


@pytest.mark.parametrize("lang,refusal", [
    ("en", "The cycle 2026-2027 Q3 (October 1, 2026 to January 15, 2027) is still open on this plan"),
    ("fr", "Le cycle 2026-2027 Q3 (1er octobre 2026 au 15 janvier 2027) est encore ouvert pour ce plan")])
def test_an_overlapping_cycle_is_refused_until_the_open_one_is_closed(make, client, login_as, lang, refusal):
    plan = make.plan()
    login_as(make.user("secretariat"))
    url = (f"/fr/engagements/plans/{plan.code}/cycles" if lang == "fr" else f"/en/commitments/plans/{plan.code}/cycles")
    first = {"name": "2026-2027 Q3", "opens_on": "2026-10-01", "due_date": "2027-01-15"}
    assert client.post(url, data=first).status_code == 303
    overlapping = {"name": "Autumn reports", "opens_on": "2026-12-01", "due_date": "2027-02-01"}
    resp = client.post(url, data=overlapping)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and refusal in html.replace("\u00a0", " ")
    assert 'value="Autumn reports"' in html and 'value="2026-12-01"' in html   # nothing typed is lost
    assert _count(plan) == 1
    # After the open one: accepted. Over the same dates once the first is closed: accepted.
    later = {"name": "2026-2027 Q4", "opens_on": "2027-02-02", "due_date": "2027-04-15"}
    assert client.post(url, data=later).status_code == 303
    cycle = db.session.scalar(select(ReportingCycle).where(ReportingCycle.name == "2026-2027 Q3"))
    assert client.post(f"/fr/engagements/cycles/{cycle.id}/fermer" if lang == "fr" else f"/en/commitments/cycles/{cycle.id}/close").status_code == 303
    assert client.post(url, data=overlapping).status_code == 303
    assert _count(plan) == 3


def test_another_plan_may_have_a_cycle_over_the_same_dates(make, client, login_as):
    one, two = make.plan(), make.plan()
    login_as(make.user("secretariat"))
    data = {"name": "2026-2027 Q3", "opens_on": "2026-10-01", "due_date": "2027-01-15"}
    for plan in (one, two):
        assert client.post(f"/en/commitments/plans/{plan.code}/cycles", data=data).status_code == 303


@pytest.mark.parametrize("lang,letter", [("en", "Q"), ("fr", "T")])
def test_the_suggested_name_uses_the_language_of_the_page(make, client, login_as, lang, letter):
    plan = make.plan()
    login_as(make.user("secretariat"))
    html = client.get(f"/fr/engagements/plans/{plan.code}/cycles" if lang == "fr" else f"/en/commitments/plans/{plan.code}/cycles").get_data(as_text=True)
    value = re.search(r'<input[^>]*name="name"[^>]*value="([^"]*)"', html) or \
        re.search(r'<input[^>]*value="([^"]*)"[^>]*name="name"', html)
    assert value and re.fullmatch(rf"\d{{4}}-\d{{4}} {letter}[1-4]", value.group(1)), value
    assert f"2025-2026 {letter}3" in html   # the hint says the same
