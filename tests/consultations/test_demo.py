"""The demo: the 2018 paper (seeds 000) closed with all its sections and questions in both languages,
the 2019 CCR forum (seeds 002) with its regional trends and evaluation, samples for every consent level."""
from __future__ import annotations

from sqlalchemy import select

from portal.consultations import demo, queries
from portal.consultations.models import CONSENTS, Roundtable, Submission
from portal.extensions import db


def test_demo_loads_the_seeds_through_the_importers(app, client):
    demo.load(lambda line: None)
    db.session.commit()
    c = queries.consultation_by_slug(demo.SLUG)
    assert c.state() == "closed" and c.wwh_published_at is not None
    assert len(c.sections) == 7 and len(c.questions) == 49
    for item in list(c.sections) + c.questions:
        for field in ("title", "body") if hasattr(item, "body_fr") else ("text",):
            if field == "body" and not item.body_fr:
                continue
            assert getattr(item, f"{field}_fr") and getattr(item, f"{field}_en"), item
    assert c.questions[0].text_fr.startswith("Que devraient être le but")
    rt = db.session.scalar(select(Roundtable))
    assert rt.city == "Ottawa" and len(rt.key_points) == 24 and len(rt.evaluation) == 6
    assert {k.heading_en for k in rt.key_points} == {"Ontario", "Quebec", "Alberta"}
    samples = list(db.session.scalars(select(Submission)))
    assert all(s.is_sample for s in samples) and {s.consent for s in samples} == set(CONSENTS)
    page = client.get(f"/en/consultations/{c.slug}/submissions").get_data(as_text=True)
    assert "Sample" in page and "SAMPLE, NOT REAL INPUT" in page
    assert client.get(f"/fr/consultations/{c.slug}/ce-que-nous-avons-entendu").status_code == 200
    demo.load(lambda line: None)             # a second load adds nothing
    assert len(list(db.session.scalars(select(Submission)))) == len(samples)
