from portal.coalitions import services
from portal.coalitions.models import RegionNote
from portal.extensions import db

from ..access import EVERYONE, Rule

REVIEWERS = {"secretariat", "jurisdiction_editor"}          # the ON editor reviews ON records
INTERNAL = {"secretariat", "department_lead", "jurisdiction_editor", "committee_member"}


def rules(ctx):
    make, ngo = ctx.make, ctx.orgs["ngo_member"]
    on_protocol = make.protocol("ON", owner=ngo)
    qc_protocol = make.protocol("QC")
    coalition = make.coalition("ON", owner=ngo)
    national = make.coalition(None)
    strategy = make.strategy("ON")
    service = make.service("ON", owner=ngo)
    draft = make.service("ON", owner=ngo, published=False)
    note = services.save_note(RegionNote(jurisdiction_code="ON"), services.NoteInput(body_en="A trend"), actor=None)
    proposal = services.propose_change(service, services.input_from(service, city="Ottawa"),
                                       actor=ctx.users["ngo_member"])
    db.session.commit()
    p_args = {"proposal_id": proposal.id}
    on_args = {"record_type": "protocol", "record_id": on_protocol.id}
    qc_args = {"record_type": "protocol", "record_id": qc_protocol.id}
    return [
        Rule("coalitions.index", EVERYONE),
        Rule("coalitions.index", EVERYONE, query="measure=categories"),
        Rule("coalitions.province", EVERYONE, args={"code": "ON"}),
        Rule("coalitions.province", set(), args={"code": "XX"}, note="404 for an unknown code"),
        Rule("coalitions.gaps", EVERYONE),
        Rule("coalitions.gaps", EVERYONE, query="axis=activities&gaps_only=1"),
        Rule("coalitions.gaps_csv", EVERYONE),
        Rule("coalitions.gaps_xlsx", EVERYONE),
        Rule("coalitions.export_csv", EVERYONE, args={"record_type": "service"}),
        Rule("coalitions.export_csv", EVERYONE, args={"record_type": "note"}),
        Rule("coalitions.export_xlsx", EVERYONE),
        Rule("coalitions.directory", EVERYONE, query="category=health&open_24_7=1"),
        Rule("coalitions.coalition", EVERYONE, args={"coalition_id": coalition.id}),
        Rule("coalitions.coalition", EVERYONE, args={"coalition_id": national.id}),
        Rule("coalitions.strategy", EVERYONE, args={"strategy_id": strategy.id}),
        Rule("coalitions.protocol", EVERYONE, args={"protocol_id": on_protocol.id}),
        Rule("coalitions.service", EVERYONE, args={"service_id": service.id}),
        Rule("coalitions.service", INTERNAL | {"ngo_member"}, args={"service_id": draft.id},
             note="a record that is not public: members and its owner organisation only"),
        Rule("coalitions.protocols", EVERYONE),
        Rule("coalitions.due", INTERNAL),
        Rule("coalitions.new", REVIEWERS, args={"record_type": "service"}),
        Rule("coalitions.new", REVIEWERS, method="POST", args={"record_type": "service"}),
        Rule("coalitions.edit", REVIEWERS, args=on_args),
        Rule("coalitions.edit", {"secretariat"}, args=qc_args, note="the ON editor may not edit a QC record"),
        Rule("coalitions.edit", REVIEWERS, method="POST", args=on_args),
        Rule("coalitions.edit", {"secretariat"}, method="POST", args=qc_args),
        Rule("coalitions.edit", {"secretariat"}, args={"record_type": "coalition", "record_id": national.id},
             note="national records: secretariat only"),
        Rule("coalitions.confirm", REVIEWERS, method="POST", args=on_args),
        Rule("coalitions.add_version", REVIEWERS, method="POST", args={"protocol_id": on_protocol.id}),
        Rule("coalitions.propose", REVIEWERS | {"ngo_member"}, args=on_args),
        Rule("coalitions.propose", {"secretariat"}, args=qc_args),
        Rule("coalitions.propose", REVIEWERS | {"ngo_member"}, method="POST", args=on_args),
        Rule("coalitions.propose_new", {"secretariat", "ngo_member"}, args={"record_type": "service"}),
        Rule("coalitions.propose_new", {"secretariat", "ngo_member"}, method="POST", args={"record_type": "service"}),
        Rule("coalitions.note_form", REVIEWERS, args={"code": "ON"}),
        Rule("coalitions.note_form", {"secretariat"}, args={"code": "QC"}),
        Rule("coalitions.note_form", REVIEWERS, method="POST", args={"code": "ON"}),
        Rule("coalitions.note_form", REVIEWERS, args={"note_id": note.id}),
        Rule("coalitions.note_form", REVIEWERS, method="POST", args={"note_id": note.id}),
        Rule("coalitions.proposals", REVIEWERS | {"ngo_member"}),
        Rule("coalitions.proposal", REVIEWERS | {"ngo_member"}, args=p_args),
        Rule("coalitions.approve", REVIEWERS, method="POST", args=p_args),
        Rule("coalitions.reject", REVIEWERS, method="POST", args=p_args),
        Rule("coalitions.withdraw", {"ngo_member"}, method="POST", args=p_args),
        Rule("coalitions_api.coalitions", EVERYONE),
        Rule("coalitions_api.strategies", EVERYONE),
        Rule("coalitions_api.protocols", EVERYONE, query="province=ON&lang=fr"),
        Rule("coalitions_api.services", EVERYONE),
        Rule("coalitions_api.services_hsds", EVERYONE),
        Rule("coalitions_api.services_hsds_datapackage", EVERYONE),
    ]
