"""The demo data loads through the importer: every Annex C task and deliverable, the investments table,
the 2017 management action plan, and clearly marked samples."""
from decimal import Decimal

from sqlalchemy import func, select

from portal.commitments import demo
from portal.commitments.models import Commitment, Plan, ProgressUpdate, ReportingCycle, Spending
from portal.demo import load_organisations
from portal.extensions import db


def test_demo_loads_and_is_browsable(app):
    load_organisations()
    demo.load(lambda _line: None)
    db.session.commit()
    nap = db.session.scalar(select(Plan).where(Plan.code == "NAP-2012"))
    refs = set(db.session.scalars(select(Commitment.ref).where(Commitment.plan_id == nap.id)))
    tasks = {"1.11", "1.12", "1.13", "1.14", "2.11", "2.12", "2.13", "2.14", "3.11", "3.12", "3.13", "3.14",
             "3.15", "3.16", "4.11", "4.12", "4.13", "4.14"}
    assert tasks <= refs and len(refs) == 113 and "1.11.2.1" in refs
    assert [p.key for p in nap.pillars] == ["prevention", "protection", "prosecution", "partnerships"]
    total = db.session.scalar(select(func.sum(Spending.planned)).where(Spending.fiscal_year == "2012-2013"))
    assert total == Decimal("7306000.00")  # the 2012-2013 investments table
    mrap = db.session.scalar(select(Plan).where(Plan.code == "MRAP-2017"))
    assert db.session.scalar(select(func.count()).select_from(Commitment).where(Commitment.plan_id == mrap.id)) == 7
    samples = list(db.session.scalars(select(ProgressUpdate)))
    assert samples and all(u.is_sample for u in samples)
    assert all(u.narrative_en.startswith("SAMPLE") for u in samples if u.narrative_en)
    assert db.session.scalar(select(ReportingCycle)).is_sample
    client = app.test_client()
    for url in ("/en/commitments/plans/NAP-2012", "/fr/engagements/plans/NAP-2012/engagements",
                "/en/commitments/plans/NAP-2012/timeline", "/fr/engagements/plans/NAP-2012/rapport/2012-2013"):
        assert client.get(url).status_code == 200, url
    # loading twice changes nothing
    demo.load(lambda _line: None)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(ProgressUpdate)) == len(samples)
