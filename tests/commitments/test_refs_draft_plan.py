"""A link to a commitment of a draft plan names it to nobody but the secretariat (the plan's own rule)."""
from portal.extensions import db
from portal.links import resolve


def test_a_draft_plans_commitment_is_named_only_to_the_secretariat(make, people):
    draft = make.plan("NAP-DRAFT", status="draft")
    c = make.commitment(draft, "9.9", title_en="Unannounced measure", title_fr="Mesure non annoncée")
    db.session.commit()
    ref = resolve("commitment", c.id)
    assert ref is not None and ref.visibility == "secretariat"
    active = make.commitment(people.plan, "1.1", title_en="Announced", title_fr="Annoncée")
    assert resolve("commitment", active.id).visibility == active.visibility
