"""Plan settings: the secretariat sets up a plan, its pillars, objectives and its own status list."""
from sqlalchemy import select

from portal.commitments.models import Commitment, Plan
from portal.extensions import db

STATUSES = ("not_started | Non commencé | Not started | 0 | no\non_track | En bonne voie | On track | 50 | no\n"
            "done | Réalisé | Done | 100 | yes")


def _data(**over):
    data = {"code": "NS-2019", "title_fr": "Stratégie nationale", "title_en": "National Strategy",
            "period_start": "2019-09-04", "period_end": "2024-03-31", "status": "active",
            "pillars": "empowerment | Autonomisation | Empowerment\nprevention | Prévention | Prevention",
            "objectives": "1.1 | empowerment | Autonomiser | Empower", "statuses": STATUSES}
    data.update(over)
    return data


def test_create_and_edit_a_plan(people, make, login_as, client):
    login_as(people.secretariat)
    assert client.post("/en/commitments/plans/new", data=_data()).status_code == 303
    plan = db.session.scalar(select(Plan).where(Plan.code == "NS-2019"))
    assert [p.key for p in plan.pillars] == ["empowerment", "prevention"]
    assert plan.objectives[0].pillar.key == "empowerment"
    assert plan.closed_status_keys() == {"done"}
    page = client.get("/en/commitments/plans/NS-2019/settings").get_data(as_text=True)
    assert "done | Réalisé | Done | 100 | yes" in page
    make.commitment(plan, "1", people.rcmp, status="on_track", pillar_key="empowerment")
    # a status still in use cannot disappear; the typed text stays
    resp = client.post("/en/commitments/plans/NS-2019/settings",
                       data=_data(statuses="done | Réalisé | Done | 100 | yes"))
    html = resp.get_data(as_text=True)
    assert "still used by commitments: on_track" in html and "done | Réalisé | Done | 100 | yes" in html
    resp = client.post("/en/commitments/plans/NS-2019/settings", data=_data(pillars="x y", title_en=""))
    html = resp.get_data(as_text=True)
    assert "both official languages" in html and "Line 1" in html
    assert client.post("/en/commitments/plans/NS-2019/settings",
                       data=_data(title_en="National Strategy to Combat Human Trafficking",
                                  pillars="empowerment | Autonomisation | Empowerment")).status_code == 303
    db.session.expire_all()
    assert plan.title_en == "National Strategy to Combat Human Trafficking" and len(plan.pillars) == 1
    assert db.session.scalar(select(Commitment)).pillar.key == "empowerment"


def test_plan_code_is_unique(people, login_as, client):
    login_as(people.secretariat)
    resp = client.post("/en/commitments/plans/new", data=_data(code=people.plan.code))
    assert "already uses the code" in resp.get_data(as_text=True)
    login_as(people.lead)
    assert client.post("/en/commitments/plans/new", data=_data(code="OTHER")).status_code == 403
