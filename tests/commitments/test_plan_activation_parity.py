"""A draft plan made active publishes all its public commitments at once: those written in one language only are
listed (by reference, with links) and activation needs the explicit "Publish in one language for now" (issue 11).
Then they are marked and on the secretariat's "Translation needed" list."""
import re

from portal.commitments import services
from portal.commitments.models import Plan
from portal.extensions import db


def _draft(make, people):
    plan = make.plan("NS-D", status="draft")
    french_only = make.commitment(plan, "2.1", people.rcmp, title_fr="Former les agents frontaliers", title_en="",
                                  description_fr="Une formation.", visibility="public")
    both = make.commitment(plan, "2.2", people.rcmp, title_fr="Refuges", title_en="Shelters", visibility="public")
    internal = make.commitment(plan, "2.3", people.rcmp, title_fr="Note interne seulement", title_en="",
                               visibility="internal")
    return plan, french_only, both, internal


def _form(plan, **over):
    data = {"code": plan.code, "title_fr": plan.title_fr, "title_en": plan.title_en, "period_start": "2012-04-01",
            "period_end": "2016-03-31", "status": "active", "pillars": services.plans.pillars_text(plan),
            "objectives": "", "statuses": services.plans.statuses_text(plan)}
    data.update(over)
    return data


def _listed(html: str) -> str:
    found = re.search(r'<section class="parity-pending".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_making_a_draft_plan_active_lists_its_one_language_commitments_and_asks(people, make, login_as, client):
    plan, french_only, both, internal = _draft(make, people)
    login_as(people.secretariat)
    resp = client.post("/en/commitments/plans/NS-D/settings", data=_form(plan))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "publishes 1 commitment written in one language only" in html and 'name="one_language"' in html
    listed = _listed(html)
    assert f'<a href="/en/commitments/{french_only.id}/edit">2.1</a>' in listed and "Title in English" in listed
    assert "Description in English" in listed and 'lang="fr"' in listed   # its title, marked
    assert "2.2" not in listed and "2.3" not in listed   # both languages; not public
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status == "draft"
    # closing it straight away publishes them too
    assert client.post("/en/commitments/plans/NS-D/settings", data=_form(plan, status="closed")).status_code == 422


def test_the_question_is_in_french_on_french_pages(people, make, login_as, client):
    plan, french_only, *_ = _draft(make, people)
    login_as(people.secretariat)
    page = client.get("/fr/engagements/plans/NS-D/parametres").get_data(as_text=True)
    assert "2.1" in _listed(page) and "Titre en anglais" in _listed(page)   # said before anyone tries
    resp = client.post("/fr/engagements/plans/NS-D/parametres", data=_form(plan))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Publier dans une seule langue pour l’instant" in html
    assert re.search(r"publie 1\s+engagement rédigé dans une seule langue", html), html


def test_with_the_choice_the_plan_is_active_and_its_commitments_await_translation(people, make, login_as, client):
    plan, french_only, *_ = _draft(make, people)
    login_as(people.secretariat)
    resp = client.post("/en/commitments/plans/NS-D/settings", data=_form(plan, one_language="y"))
    assert resp.status_code == 303
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status == "active"
    needed = client.get("/en/admin/translations").get_data(as_text=True)
    assert "2.1" in needed and "Former les agents frontaliers" in needed and "2.3" not in needed
    page = client.get(f"/en/commitments/{french_only.id}").get_data(as_text=True)
    assert '<span lang="fr">Former les agents frontaliers</span>' in page and "Available in French only" in page
    # an active plan's settings no longer list anything
    assert _listed(client.get("/en/commitments/plans/NS-D/settings").get_data(as_text=True)) == ""


def test_a_draft_plan_with_every_commitment_in_both_languages_becomes_active_without_asking(people, make, login_as,
                                                                                            client):
    plan = make.plan("NS-E", status="draft")
    make.commitment(plan, "3.1", people.rcmp, title_fr="Refuges", title_en="Shelters", visibility="public")
    login_as(people.secretariat)
    assert client.post("/en/commitments/plans/NS-E/settings", data=_form(plan)).status_code == 303


def test_a_public_plans_objective_in_one_language_asks_too_and_then_awaits_translation(people, make, login_as,
                                                                                       client):
    plan = make.plan("NS-F")
    login_as(people.secretariat)
    objectives = "1.1 | prevention | Sensibiliser le public | Raise awareness\n1.2 | prevention | Former les agents | "
    resp = client.post("/en/commitments/plans/NS-F/settings", data=_form(plan, objectives=objectives))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Objectives with a title in one language only: 1.2." in html
    assert 'name="one_language"' in html and "Former les agents" in html   # what was typed is kept
    resp = client.post("/en/commitments/plans/NS-F/settings", data=_form(plan, objectives=objectives, one_language="y"))
    assert resp.status_code == 303
    needed = client.get("/en/admin/translations").get_data(as_text=True)
    assert "Objectives (1)" in needed and "NS-F 1.2" in needed and "Former les agents" in needed
    # a draft plan's objectives are nobody's business but the secretariat's: no question
    draft = make.plan("NS-G", status="draft")
    assert client.post("/en/commitments/plans/NS-G/settings",
                       data=_form(draft, status="draft", objectives=objectives)).status_code == 303
