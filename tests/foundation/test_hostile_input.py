"""Hostile input gets the bilingual 400 or 404 page (or the form back with a translated error), never a 500.

A table of hostile values is thrown at every route's path parameters and at the query parameters the
listings read, walking the whole URL map with the valid addresses the role x route walk declares; then the
form fields that used to reach the database unchecked (numbers, NaN, NUL characters).
"""
from __future__ import annotations

import re

import pytest
from flask import url_for
from sqlalchemy import func, select

from portal.extensions import db
from portal.guards import MAX_ID, int_arg, parse_int

from ..access import ROLES, VISITOR
from .test_route_access import _args_of, _collect

HUGE_IDS = [str(2 ** 63), str(2 ** 64), "9" * 40]
HOSTILE_QUERY = ["9999999999999999999", "²", "-1", "1e9", "NaN", "0", "٣", "%00"]
QUERY_PARAMS = ["page", "per_page", "source_id", "plan", "week", "org", "fy", "q", "status"]


def test_parse_int_takes_only_bounded_ascii_digits(app):
    assert "²".isdigit() and parse_int("²") is None
    assert parse_int("٣") is None and parse_int("-1") is None and parse_int("1e3") is None
    assert parse_int(str(MAX_ID)) == MAX_ID and parse_int(str(MAX_ID + 1)) is None
    assert parse_int(" 42 ") == 42 and parse_int("5", hi=4) is None
    with app.test_request_context("/?page=²&n=7"):
        assert int_arg("page", 1) == 1 and int_arg("n", 1) == 7


def _hostile_paths(app) -> list[str]:
    """Every route's address with each int parameter replaced by a number past 64 bits."""
    urls = []
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if conv.regex.startswith("\\d")]
        if not ints or (rule.defaults or {}).get("lang") == "fr":  # the French paths share the English converters
            continue
        for huge in HUGE_IDS:
            path = rule.rule
            for name in rule.arguments:
                path = re.sub(rf"<(?:[a-z]+:)?{name}>", huge if name in ints else "x", path)
            urls.append(path)
    return urls


def test_ids_past_64_bits_are_not_found_on_every_route(app, make, login_as):
    paths = _hostile_paths(app)
    assert len(paths) > 30  # the walk reaches the routes (a converter renamed would silently skip them)
    clients = {VISITOR: app.test_client(), "admin": login_as(make.user("admin", "secretariat"), app.test_client())}
    failures = []
    for who, client in clients.items():
        for path in paths:
            for method in ("get", "post"):
                resp = getattr(client, method)(path)
                if resp.status_code not in (404, 405):
                    failures.append(f"{who} {method.upper()} {path}: {resp.status_code}")
    assert not failures, "\n".join(failures)


def test_hostile_query_values_on_every_page(app, make, login_as):
    ctx = _ctx(make)
    rules = [r for r in _collect(ctx) if r.method == "GET" and not r.ends_session]
    assert len(rules) > 50
    clients = {VISITOR: app.test_client(), "secretariat": login_as(ctx.users["secretariat"], app.test_client())}
    failures = []
    for r in rules:
        args = {"lang": "en", **r.args} if "lang" in _args_of(app, r.endpoint) else dict(r.args)
        base = url_for(r.endpoint, **args)                  # a rule may name its own language (old French paths)
        for value in HOSTILE_QUERY:
            query = "&".join(f"{p}={value}" for p in QUERY_PARAMS)
            url = base + ("&" if "?" in base else "?") + query + (("&" + r.query) if r.query else "")
            for who, client in clients.items():
                status = client.get(url).status_code
                if status >= 500 or (value == "%00" and status not in (400, 302, 404)):
                    failures.append(f"{who} GET {url}: {status}")
    assert not failures, "\n".join(failures[:40])


def _ctx(make):
    from ..access import Ctx

    orgs = {"admin": make.org("ADM", "federal"), "secretariat": make.org("SECR", "federal"),
            "department_lead": make.org("DEPT", "federal"), "jurisdiction_editor": make.jurisdiction("ON"),
            "ngo_member": make.org("NGO1", "ngo"), "committee_member": make.org("RES1", "research")}
    return Ctx(users={role: make.user(role, org=orgs[role]) for role in ROLES}, orgs=orgs, make=make)


def test_the_error_page_is_bilingual(client):
    resp = client.get(f"/fr/engagements/{2 ** 64}")
    assert resp.status_code == 404 and "Page introuvable" in resp.get_data(as_text=True)
    resp = client.get("/en/search/?q=a%00b")
    assert resp.status_code == 400 and "Bad request" in resp.get_data(as_text=True)
    resp = client.get(f"/api/v1/commitments/{2 ** 64}")
    assert resp.status_code == 404 and resp.is_json


def test_a_report_for_year_zero_is_not_found(client, make):
    plan = make.plan("NAP-H")
    assert client.get(f"/en/commitments/plans/{plan.code}/report/0000-0001").status_code == 404
    assert client.get(f"/en/commitments/plans/{plan.code}/report/²⁰¹²-2013").status_code == 404


def _commitment_form(**over):
    data = {"ref": "1.1", "pillar": "prevention", "objective_ref": "", "title_fr": "Titre typé",
            "title_en": "Typed title", "lead": "RCMP", "partners": "", "start": "2025-04-01", "due": "2026-03-31",
            "status": "on_track", "progress": "50", "visibility": "public", "weight": "1"}
    data.update(over)
    return data


@pytest.mark.parametrize("field,value,message", [
    ("weight", str(2 ** 70), "too large"),
    ("weight", str(2 ** 40), "too large"),
    ("title_en", "Typed\x00title", "null character"),
    ("source_id", "9" * 30, None),
    ("source_id", "²", None),
])
def test_commitment_form_refuses_hostile_values_and_keeps_the_rest(make, login_as, client, field, value, message):
    from portal.commitments.models import Commitment

    plan, rcmp = make.plan("NAP-H"), make.org("RCMP")
    login_as(make.user("secretariat", org=make.org("PS")))
    extra = {"source_type": "commitment"} if field == "source_id" else {}
    resp = client.post(f"/fr/engagements/nouveau?plan={plan.code}", data=_commitment_form(**{field: value}, **extra))
    assert resp.status_code in (303, 422), resp.status_code
    if message:
        html = client.post(f"/en/commitments/new?plan={plan.code}",
                           data=_commitment_form(**{field: value}, **extra)).get_data(as_text=True)
        assert resp.status_code == 422 and message in html and "Titre typé" in html
        assert db.session.scalar(select(func.count()).select_from(Commitment)) == 0
    assert rcmp.id


@pytest.mark.parametrize("value", ["NaN", "-Infinity", "sNaN", "1e400", "9" * 19])
def test_a_measurement_must_be_a_finite_amount(make, login_as, client, value):
    from portal.commitments.models import Indicator

    plan, rcmp = make.plan("NAP-M"), make.org("RCMP")
    c = make.commitment(plan, "1.1", rcmp)
    login_as(make.user("department_lead", org=rcmp))
    client.post(f"/en/commitments/{c.id}/indicators", data={"name_en": "Officers trained", "level": "immediate",
                                                            "unit": "people", "baseline": "0", "target": "200"})
    ind = db.session.scalar(select(Indicator))
    resp = client.post(f"/en/commitments/indicators/{ind.id}/measurements",
                       data={"measured_on": "2026-01-15", "value": value})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert "is not an amount" in html or "This number is too large." in html


def test_huge_attendance_and_nul_in_a_roundtable_are_refused(make, client, login_as):
    from portal.consultations.models import Roundtable
    from portal.consultations.queries import category_by_code

    make.categories()
    login_as(make.user("secretariat"))
    ngo = category_by_code("ngo")
    data = {"title_fr": "Table ronde", "title_en": "Roundtable", "jurisdiction_code": "NS", "city": "Halifax",
            "held_on": "2026-03-04", "organiser_en": "PS", "consultation_id": "0"}
    for extra in ({f"att_{ngo.id}": str(2 ** 64)}, {f"att_{ngo.id}": str(2 ** 33)}, {f"att_{ngo.id}": "²"},
                  {"city": "Hali\x00fax"}):
        resp = client.post("/en/consultations/roundtables/new", data={**data, **extra})
        assert resp.status_code == 422, (extra, resp.status_code)
        assert "Roundtable" in resp.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Roundtable)) == 0


@pytest.mark.parametrize("value", [str(2 ** 64), "9" * 25])
def test_huge_commitment_numbers_in_link_forms(make, client, login_as, value):
    lesson = make.lesson(title_fr="Leçon", visibility="public")
    login_as(make.user("secretariat"))
    resp = client.post(f"/en/search/lessons/{lesson.id}/commitments", data={"commitment_id": value})
    assert resp.status_code in (303, 422)
    resp = client.post(f"/en/search/lessons/{lesson.id}/sources", data={"source_type": "commitment",
                                                                         "source_id": value})
    assert resp.status_code in (303, 422)
    sub, _code = make.submission(make.consultation())
    resp = client.post(f"/en/consultations/submissions/{sub.id}/link", data={"commitment_id": value})
    assert resp.status_code in (303, 422)


@pytest.mark.parametrize("address", ["javascript://example.org/%0aalert(1)", "JavaScript:alert(1)",
                                     "data:text/html,<b>x</b>", "file:///etc/passwd", "//evil.example"])
def test_record_web_addresses_take_http_and_https_only(make, client, login_as, address):
    from portal.coalitions.models import Service
    from portal.coalitions.services import records
    from portal.coalitions.services.inputs import INPUTS
    from portal.rules import RuleError

    sec = make.user("secretariat", lang="en")
    login_as(sec)
    data = {"name_fr": "Refuge", "name_en": "Shelter", "jurisdiction_code": "NS", "city": "Halifax",
            "categories": ["short_term_housing"], "populations": ["women"], "languages": ["en", "fr"],
            "owner_organisation_id": str(sec.organisation_id), "published": "y", "url": address}
    resp = client.post("/en/coalitions/new/service", data=data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "starts with http:// or https://" in html and "Shelter" in html
    assert db.session.scalar(select(func.count()).select_from(Service)) == 0
    coalition = make.coalition("NS")
    resp = client.post("/en/coalitions/coalition/%d/edit" % coalition.id, data={
        "name_fr": coalition.name_fr, "name_en": coalition.name_en, "kind": "coalition", "jurisdiction_code": "NS",
        "activities": ["awareness"], "sectors": ["community"], "website": address})
    assert resp.status_code in (403, 422)
    assert address not in client.get(f"/en/coalitions/coalition/{coalition.id}").get_data(as_text=True)
    # The service refuses it too (importers, the CLI and any other caller go through it).
    with pytest.raises(RuleError):
        records.create_record(INPUTS["service"](name_fr="A", name_en="B", jurisdiction_code="NS", url=address),
                              actor=sec)
    db.session.rollback()
    resp = client.post("/en/coalitions/new/service", data={**data, "url": "https://example.org/refuge"})
    assert resp.status_code == 303


def test_plain_text_mail_is_not_html_escaped_and_names_stay_on_their_line(app, make):
    from portal.mail import OutgoingMail, queue_mail

    user = make.user("department_lead", lang="fr")
    items = [{"kind": "Engagement", "title": "Plan d'action\nCliquez ici : https://evil.example", "on": None,
              "url": "https://concerto.example/fr/engagements/1"}]
    queue_mail(user.email, "follows/notifications", "fr", user=user, items=items,
               settings_url="https://concerto.example/s", unsubscribe_url="https://concerto.example/u")
    db.session.flush()
    mail = db.session.scalar(select(OutgoingMail))
    assert "d'action" in mail.body_text and "&#39;" not in mail.body_text and "&amp;" not in mail.body_text
    line = next(x for x in mail.body_text.splitlines() if "Plan d'action" in x)
    assert "https://evil.example" in line  # the name's second line stayed on the name's line
    assert not any(x.startswith("Cliquez ici") for x in mail.body_text.splitlines())
    # A template without its own {% autoescape false %}: a comment keeps its apostrophes and its lines.
    from types import SimpleNamespace

    queue_mail("lead@example.test", "commitments/update_returned", "fr", commitment=SimpleNamespace(ref="1.1 d'action"),
               update=SimpleNamespace(id=3), comment="Voir l'annexe <b>2</b>.\nEt la suite.")
    db.session.flush()
    mail = db.session.scalars(select(OutgoingMail).where(OutgoingMail.to_address == "lead@example.test")).one()
    assert "1.1 d'action" in mail.subject and "Voir l'annexe <b>2</b>.\nEt la suite." in mail.body_text


def test_a_one_line_field_keeps_no_newline(make, client, login_as):
    from portal.coalitions.models import Service

    sec = make.user("secretariat", lang="en")
    login_as(sec)
    resp = client.post("/en/coalitions/new/service", data={
        "name_fr": "Refuge\nLigne ajoutée", "name_en": "Shelter", "jurisdiction_code": "NS", "city": "Halifax",
        "categories": ["short_term_housing"], "populations": ["women"], "languages": ["en", "fr"],
        "owner_organisation_id": str(sec.organisation_id), "published": "y"})
    assert resp.status_code == 303
    assert db.session.scalar(select(Service.name_fr)) == "Refuge Ligne ajoutée"
