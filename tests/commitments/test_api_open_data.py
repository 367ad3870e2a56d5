"""Open data API: spending by fiscal year and indicators with measurements, `updated_since` for harvesters
(400 with a translated message when malformed) and pagination with next links (body and Link header)."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select, update

from portal.commitments import services
from portal.commitments.models import Commitment, CommitmentEvent
from portal.extensions import db


def _plan_with_numbers(make, people):
    c = make.commitment(people.plan, "1.1", people.rcmp, title_en="Train officers")
    hidden = make.commitment(people.plan, "1.2", people.rcmp, visibility="internal")
    services.save_spending(c, services.SpendingInput("2012-2013", "1000", "1500.25", variance_reason="More courses"),
                           None)
    services.save_spending(hidden, services.SpendingInput("2012-2013", "999"), None)
    ind = services.create_indicator(people.plan, services.IndicatorInput(name_en="Officers trained", name_fr="Agents formés",
                                                                         unit_en="people", unit_fr="personnes",
                                                                         baseline="0", target="100"),
                                    None, commitment=c)
    services.add_measurement(ind, services.MeasurementInput(date(2013, 3, 31), "42"), None)
    db.session.commit()
    return c, hidden


def test_spending_and_indicators_in_the_api(make, people, client):
    _plan_with_numbers(make, people)
    data = client.get(f"/api/v1/plans/{people.plan.code}/commitments?lang=fr").get_json()
    [c] = data["commitments"]          # the internal one is not shown to visitors
    assert c["spending"] == [{"fiscal_year": "2012-2013", "funding_source": "dedicated", "planned": 1000.0,
                              "actual": 1500.25, "variance": 500.25, "variance_reason": "More courses", "variance_reason_lang": "en",
                              "note_fr": "", "note_en": ""}]
    [ind] = c["indicators"]
    assert ind["name"] == "Agents formés" and ind["target"] == 100.0 and ind["unit"] == "personnes"
    assert ind["measurements"] == [{"measured_on": "2013-03-31", "value": 42.0, "note": "", "note_lang": None}]
    spending = client.get(f"/api/v1/plans/{people.plan.code}/spending").get_json()
    assert [s["commitment_ref"] for s in spending["spending"]] == ["1.1"]
    indicators = client.get(f"/api/v1/plans/{people.plan.code}/indicators?lang=en").get_json()
    assert [i["name"] for i in indicators["indicators"]] == ["Officers trained"]
    plans = client.get("/api/v1/plans").get_json()["plans"]
    assert plans[0]["spending_url"].endswith(f"/api/v1/plans/{people.plan.code}/spending?lang=en")


def test_spending_csv_holds_what_the_reader_may_see(make, people, client, login_as):
    _plan_with_numbers(make, people)
    body = client.get(f"/en/commitments/plans/{people.plan.code}/spending.csv").get_data(as_text=True)
    lines = body.strip().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("ref,fiscal_year,funding_source,planned,actual,variance")
    assert len(lines) == 2 and "1500.25" in lines[1] and "999" not in body
    login_as(people.secretariat)
    assert "999" in client.get(f"/en/commitments/plans/{people.plan.code}/spending.csv").get_data(as_text=True)
    body = client.get(f"/en/commitments/plans/{people.plan.code}/indicators.csv").get_data(as_text=True)
    assert "Officers trained" in body and "2013-03-31" in body and "42" in body


def test_updated_since_returns_what_changed(make, people, client):
    old = make.commitment(people.plan, "2.1", people.rcmp)
    recent = make.commitment(people.plan, "2.2", people.rcmp)
    spent = make.commitment(people.plan, "2.3", people.rcmp)
    long_ago = datetime(2020, 1, 1, tzinfo=timezone.utc)
    db.session.execute(update(Commitment).values(updated_at=long_ago))
    db.session.execute(update(CommitmentEvent).values(at=long_ago))
    db.session.execute(update(Commitment).where(Commitment.id == recent.id)
                       .values(updated_at=datetime.now(timezone.utc)))
    db.session.commit()
    services.save_spending(db.session.get(Commitment, spent.id), services.SpendingInput("2024-2025", "10"), None)
    db.session.commit()
    since = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    data = client.get(f"/api/v1/plans/{people.plan.code}/commitments?updated_since={since}").get_json()
    assert sorted(c["ref"] for c in data["commitments"]) == ["2.2", "2.3"]
    assert data["updated_since"].startswith(since)
    data = client.get(f"/api/v1/plans/{people.plan.code}/commitments?updated_since=2019-12-31T23:00:00Z").get_json()
    assert data["count"] == 3 and old.ref in [c["ref"] for c in data["commitments"]]


def test_malformed_updated_since_is_a_translated_400(people, client):
    resp = client.get(f"/api/v1/plans/{people.plan.code}/commitments?updated_since=yesterday")
    assert resp.status_code == 400 and "ISO 8601" in resp.get_json()["error"]
    resp = client.get(f"/api/v1/plans/{people.plan.code}/commitments?updated_since=2025-13-01&lang=fr")
    assert resp.status_code == 400 and "doit être une date" in resp.get_json()["error"]


def test_pages_and_next_links_cover_everything_once(make, people, client):
    for n in range(1, 8):
        make.commitment(people.plan, f"3.{n}", people.rcmp, commit=False)
    db.session.commit()
    url, seen, pages = f"/api/v1/plans/{people.plan.code}/commitments?per_page=3&lang=fr", [], 0
    while url:
        resp = client.get(url)
        data = resp.get_json()
        pages += 1
        seen += [c["ref"] for c in data["commitments"]]
        assert data["count"] == 7 and data["pages"] == 3 and data["per_page"] == 3
        if data["next"]:
            assert f'<{data["next"]}>; rel="next"' in resp.headers["Link"] and "lang=fr" in data["next"]
        else:
            assert 'rel="next"' not in resp.headers.get("Link", "")
        url = data["next"]
    assert pages == 3 and sorted(seen) == [f"3.{n}" for n in range(1, 8)]
    last = client.get(f"/api/v1/plans/{people.plan.code}/commitments?per_page=3&page=3").get_json()
    assert last["prev"].endswith("page=2") or "page=2" in last["prev"]


def _make_internal(c):
    data = services.CommitmentInput(ref=c.ref, title_fr=c.title_fr, title_en=c.title_en,
                                    lead=c.lead_organisation.short_name, pillar_key=c.pillar.key if c.pillar else "",
                                    status=c.status, visibility="internal", jurisdictions=c.jurisdictions)
    services.update_commitment(c, data, None)
    db.session.commit()


def test_deletions_are_reported_to_harvesters_with_their_time(make, people, client, login_as):
    """A harvester syncing with updated_since learns what to delete: a commitment made internal (with its
    spending and indicators) is gone for visitors but not for members; a deleted commitment is gone for all;
    a deleted spending line alone is reported; nothing before `updated_since`, nothing still there."""
    from portal.commitments.models import Indicator, Spending

    c, _hidden = _plan_with_numbers(make, people)
    doomed = make.commitment(people.plan, "3.1", people.rcmp, visibility="internal")
    services.save_spending(c, services.SpendingInput("2013-2014", "50"), None)
    db.session.commit()
    before = datetime.now(timezone.utc) - timedelta(seconds=1)
    code = people.plan.code
    url = f"/api/v1/plans/{code}/deletions"
    since = {"updated_since": before.isoformat()}
    assert client.get(url, query_string=since).get_json()["deleted"] == []

    db.session.delete(db.session.scalar(select(Spending).where(Spending.fiscal_year == "2013-2014")))
    db.session.delete(doomed)
    db.session.commit()
    _make_internal(db.session.get(Commitment, c.id))
    ind_id = db.session.scalar(select(Indicator.id))

    public = client.get(url, query_string=since).get_json()
    got = {(d["type"], d["commitment_ref"], d.get("fiscal_year"), d.get("id")) for d in public["deleted"]}
    assert got == {("commitment", "1.1", None, None), ("spending", "1.1", "2012-2013", None),
                   ("spending", "1.1", "2013-2014", None), ("indicator", "1.1", None, ind_id)}
    assert all(d["deleted_at"] >= before.isoformat()[:19] for d in public["deleted"])
    assert "3.1" not in str(public)                                   # never seen by visitors: never named
    listed = client.get(f"/api/v1/plans/{code}/commitments", query_string=since).get_json()
    assert listed["deleted"] == ["1.1"] and f"/api/v1/plans/{code}/deletions?updated_since=" in listed["deletions_url"]

    login_as(people.secretariat)
    member = client.get(url, query_string=since).get_json()
    got = {(d["type"], d["commitment_ref"], d.get("fiscal_year")) for d in member["deleted"]}
    # 1.1 is still there for the secretariat (internal): only what is really gone
    assert got == {("commitment", "3.1", None), ("spending", "1.1", "2013-2014")}
    later = (datetime.now(timezone.utc) + timedelta(minutes=1)).isoformat()
    assert client.get(url, query_string={"updated_since": later}).get_json()["deleted"] == []
    assert client.get(url, query_string={"updated_since": "yesterday"}).status_code == 400
