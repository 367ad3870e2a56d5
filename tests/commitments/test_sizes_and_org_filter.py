"""What the commitments pages show: a file's size in words a person reads ("193 bytes", "1,2 Mo"), and the
organisation filter grouped by type with acronyms and names."""
from __future__ import annotations

import re

import pytest

from portal.commitments import services
from portal.i18n import force_locale, format_file_size


@pytest.mark.parametrize("lang,expected", [
    ("en", ["0 bytes", "1 byte", "193 bytes", "1,023 bytes", "1 KB", "1.2 MB", "10 MB", "2.5 GB"]),
    ("fr", ["0\u00a0octet", "1\u00a0octet", "193\u00a0octets", "1\u00a0023\u00a0octets", "1\u00a0Ko", "1,2\u00a0Mo",
            "10\u00a0Mo", "2,5\u00a0Go"])])
def test_file_sizes_read_naturally_in_both_languages(app, lang, expected):
    sizes = [0, 1, 193, 1023, 1024, 1_260_000, 10 * 1024 * 1024, int(2.5 * 1024 ** 3)]
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        assert [format_file_size(n) for n in sizes] == expected


@pytest.mark.parametrize("lang,size", [("en", "193 bytes"), ("fr", "193\u00a0octets")])
def test_a_small_evidence_file_is_not_shown_as_0_kb(people, make, client, login_as, lang, size):
    c = make.commitment(people.plan, "1.1", people.rcmp)
    upd = make.progress_update(c, people.lead, "draft")
    services.add_evidence(upd, services.EvidenceInput("note.txt", b"x" * 193, label="Note"), people.lead)
    from portal.extensions import db
    db.session.commit()
    login_as(people.lead)
    html = client.get(f"/fr/engagements/mises-a-jour/{upd.id}" if lang == "fr" else f"/en/commitments/updates/{upd.id}").get_data(as_text=True)
    assert f"(note.txt, {size})" in html and "0 KB" not in html


def test_the_organisation_filter_is_grouped_by_type_with_names(people, make, client):
    make.org("CWF", org_type="ngo", name_en="Canadian Women's Foundation", name_fr="Fondation canadienne des femmes")
    make.org("ON-MCCSS", org_type="jurisdiction", jurisdiction_code="ON", name_en="Ontario Children, Community and "
             "Social Services", name_fr="Services à l'enfance et services sociaux et communautaires de l'Ontario")
    html = client.get(f"/en/commitments/plans/{people.plan.code}/commitments").get_data(as_text=True)
    select = html.split('id="f-org"')[1].split("</select>")[0]
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups[:1] == ["Federal department or agency"]
    assert "Province or territory government" in groups and "NGO or service provider" in groups
    assert groups.index("Province or territory government") < groups.index("NGO or service provider")
    ngo = select.split('label="NGO or service provider"')[1].split("</optgroup>")[0]
    assert '<option value="CWF" >CWF — Canadian Women&#39;s Foundation</option>' in ngo
    assert 'class="select-filter"' in html and "js/picker.js" in html
    # Choosing one still filters the list (a plain GET form without JavaScript).
    html = client.get(f"/fr/engagements/plans/{people.plan.code}/engagements?org=CWF").get_data(as_text=True)
    assert '<option value="CWF" selected>CWF — Fondation canadienne des femmes</option>' in html
