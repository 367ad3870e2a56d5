import pytest


@pytest.fixture
def people(make):
    """A plan, the secretariat, an RCMP department lead, another department's lead, and a visitor client."""
    from types import SimpleNamespace

    ps, rcmp, cbsa = make.org("PS"), make.org("RCMP"), make.org("CBSA")
    return SimpleNamespace(
        plan=make.plan("NAP-T"), ps=ps, rcmp=rcmp, cbsa=cbsa,
        secretariat=make.user("secretariat", org=ps, lang="fr"),
        lead=make.user("department_lead", org=rcmp, lang="en"),
        other_lead=make.user("department_lead", org=cbsa, lang="fr"),
    )
