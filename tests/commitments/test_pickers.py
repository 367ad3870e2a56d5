"""Record pickers: a person names a commitment by the reference they see, never by its internal number."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.links import Link
from tests.paths import at


def _link_url(make):
    c = make.consultation()
    sub, _ = make.submission(c, "publish_anonymous", publish=True)
    return sub, f"/consultations/submissions/{sub.id}/link"


def _linked_ids(sub) -> list[int]:
    return list(db.session.scalars(select(Link.target_id).where(
        Link.source_type == "submission", Link.source_id == sub.id, Link.target_type == "commitment")))


def test_typing_the_reference_links_that_commitment_and_its_number_links_nothing(make, client, login_as):
    plan = make.plan()
    decoy = None
    # Enough commitments that some record's internal number is not its reference.
    rows = [make.commitment(plan, f"1.{n}", title_en=f"Task {n}") for n in range(1, 15)]
    target = make.commitment(plan, "1.11.9", title_en="Referral mechanism")
    decoy = next(c for c in rows if c.id != target.id and str(c.id) != c.ref)
    sub, url = _link_url(make)
    login_as(make.user("secretariat"))
    resp = client.post(f"/en{url}", data={"link-commitment": str(decoy.id)})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and f"Nothing you may see has the reference “{decoy.id}”" in html
    assert f'value="{decoy.id}"' in html            # what was typed is kept
    assert _linked_ids(sub) == []
    resp = client.post(f"/en{url}", data={"link-commitment": "1.11.9"})
    assert resp.status_code == 303 and _linked_ids(sub) == [target.id]


def test_the_full_reference_and_the_reference_with_its_title_also_resolve(make, client, login_as):
    plan = make.plan("NAP-2019")
    target = make.commitment(plan, "2.4", title_en="Hotline")
    sub, url = _link_url(make)
    login_as(make.user("secretariat"))
    assert client.post(f"/en{url}", data={"link-commitment": "nap-2019 2.4"}).status_code == 303
    assert client.post(f"/en{url}", data={"link-commitment": "2.4 — Hotline"}).status_code == 303
    assert _linked_ids(sub) == [target.id]


@pytest.mark.parametrize("lang,ambiguous", [("en", "Several records have the reference “3.1”"),
                                            ("fr", "Plusieurs fiches portent la référence «\u00a03.1\u00a0»")])
def test_a_reference_of_two_plans_is_ambiguous_until_the_plan_is_named(make, client, login_as, lang, ambiguous):
    first, second = make.plan("PLAN-A"), make.plan("PLAN-B")
    make.commitment(first, "3.1", title_en="First")
    wanted = make.commitment(second, "3.1", title_en="Second")
    sub, url = _link_url(make)
    login_as(make.user("secretariat"))
    resp = client.post(at(lang, url), data={"link-commitment": "3.1"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and ambiguous in html and "PLAN-A 3.1" in html and "PLAN-B 3.1" in html
    assert client.post(at(lang, url), data={"link-commitment": "PLAN-B 3.1"}).status_code == 303
    assert _linked_ids(sub) == [wanted.id]


def test_a_reference_the_person_may_not_see_is_refused_like_an_unknown_one(make, client, login_as, monkeypatch):
    from portal.permissions import ALL, ROLE_PERMISSIONS

    plan = make.plan()
    make.commitment(plan, "5.5", visibility="internal")
    draft = make.plan(status="draft")
    make.commitment(draft, "6.6")
    sub, url = _link_url(make)
    monkeypatch.setitem(ROLE_PERMISSIONS["ngo_member"], "consultation.manage", ALL)
    login_as(make.user("ngo_member"))
    answers = {}
    for ref in ("5.5", "6.6", "7.7"):   # internal, in a draft plan, does not exist
        html = client.post(f"/en{url}", data={"link-commitment": ref}).get_data(as_text=True)
        answers[ref] = html.replace(ref, "REF").split('<main')[1].split('</main>')[0]
    assert answers["5.5"] == answers["6.6"] == answers["7.7"]
    assert "Nothing you may see has the reference “REF”" in answers["7.7"]
    assert _linked_ids(sub) == []


def test_the_lookup_offers_only_what_the_person_may_see(make, client, login_as):
    plan = make.plan()
    make.commitment(plan, "8.1", title_en="Open shelter funding")
    make.commitment(plan, "8.2", title_en="Internal shelter review", visibility="internal")
    html = client.get("/en/commitments/lookup?q=shelter").get_data(as_text=True)
    assert 'role="option"' in html and "Open shelter funding" in html and "Internal shelter review" not in html
    assert f'data-value="{plan.code} 8.1"' in html
    login_as(make.user("secretariat"))
    html = client.get("/en/commitments/lookup?field=link-commitment&link-commitment=8.").get_data(as_text=True)
    assert "Open shelter funding" in html and "Internal shelter review" in html
    html = client.get("/fr/engagements/chercher?q=zzz").get_data(as_text=True)
    assert 'role="option"' not in html and "Rien de ce que vous pouvez voir ne correspond à «\u00a0zzz\u00a0»" in html


def test_the_form_shows_the_picker_and_what_a_refused_form_would_have_linked(make, client, login_as):
    plan = make.plan()
    make.commitment(plan, "4.4", title_en="Awareness campaign")
    sub, url = _link_url(make)
    login_as(make.user("secretariat"))
    page = client.get(f"/en/consultations/submissions/{sub.id}").get_data(as_text=True)
    assert 'name="link-commitment"' in page and 'role="combobox"' in page and 'type="number"' not in page
    assert 'hx-get="/en/commitments/lookup?' in page and "js/picker.js" in page
