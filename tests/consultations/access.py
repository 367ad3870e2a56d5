"""Every consultations route, for visitors and every role (tests/access.py), with input at each consent level
and files of a submission and of a roundtable."""
from portal.consultations import services
from portal.extensions import db

from ..access import ANYONE, EVERYONE, Rule
from .factories import PDF  # noqa: F401  (other tests import it from here)

SEC = {"secretariat"}
STAFF = {"secretariat", "committee_member"}
FOR_ORG = {"secretariat", "department_lead", "jurisdiction_editor", "ngo_member", "committee_member"}


def rules(ctx):
    make = ctx.make
    c = make.consultation("open", slug="acces-essai")
    closed = make.consultation("closed", slug="acces-ferme")
    public_sub, _ = make.submission(c, "publish_anonymous", publish=True)
    committee_sub, _ = make.submission(c, "do_not_publish", uploads=[make.pdf()])
    secret_sub, _ = make.submission(c, "secretariat_only")
    att = committee_sub.attachments[0]
    rt = make.roundtable(c)
    rt_att = make.roundtable_document(rt)
    kp = rt.key_points[0]
    theme = make.theme(c, "acces", "Accès", "Access")
    slug = {"slug": c.slug}
    proposal = services.propose_theme(c, services.ThemeInput("Logement", "Housing"), ctx.users["committee_member"])
    db.session.commit()
    prop = {**slug, "proposal_id": proposal.id}
    sec = {**slug, "section_id": c.sections[-1].id}
    qa = {**slug, "question_id": c.questions[-1].id}
    return [
        Rule("consultations.index", EVERYONE),
        Rule("consultations.view", EVERYONE, args=slug),
        Rule("consultations.respond", EVERYONE, args=slug),
        Rule("consultations.respond", ANYONE, method="POST", args=slug, note="anonymous input"),
        Rule("consultations.roundtable_respond", EVERYONE, args={"rt_id": rt.id}),
        Rule("consultations.roundtable_respond", ANYONE, method="POST", args={"rt_id": rt.id}),
        Rule("consultations.receipt", EVERYONE),
        Rule("consultations.receipt", ANYONE, method="POST"),
        Rule("consultations.receipt_amend", set(), method="POST", data={"code": "AAAA-BBBB-CCCC-DDDD"},
             note="404 without a valid receipt code"),
        Rule("consultations.receipt_withdraw", set(), method="POST", data={"code": "AAAA-BBBB-CCCC-DDDD"}),
        Rule("consultations.submissions", EVERYONE, args=slug),
        Rule("consultations.submission", EVERYONE, args={"sub_id": public_sub.id}),
        Rule("consultations.submission", STAFF, args={"sub_id": committee_sub.id}),
        Rule("consultations.submission", SEC, args={"sub_id": secret_sub.id}),
        Rule("consultations.attachment", STAFF, args={"att_id": att.id}, note="never public"),
        Rule("consultations.attachment", EVERYONE, args={"att_id": rt_att.id}),
        Rule("consultations.what_we_heard", STAFF, args={"slug": closed.slug}, note="not published yet"),
        Rule("consultations.roundtable", EVERYONE, args={"rt_id": rt.id}),
        Rule("consultations.new", SEC),
        Rule("consultations.new", SEC, method="POST"),
        Rule("consultations.edit", SEC, args=slug),
        Rule("consultations.edit", SEC, method="POST", args=slug),
        Rule("consultations.paper", SEC, args=slug),
        Rule("consultations.paper", SEC, method="POST", args=slug),
        Rule("consultations.our_input", FOR_ORG, note="members of an organisation, their own organisation's"),
        Rule("consultations.builder", SEC, args=slug),
        Rule("consultations.builder_preview", SEC, args=slug),
        Rule("consultations.builder_section_new", SEC, args=slug),
        Rule("consultations.builder_section_new", SEC, method="POST", args=slug),
        Rule("consultations.builder_section_edit", SEC, args=sec),
        Rule("consultations.builder_section_edit", SEC, method="POST", args=sec),
        Rule("consultations.builder_section_move", SEC, method="POST", args=sec, ok=(303,)),
        Rule("consultations.builder_section_remove", SEC, args=sec),
        Rule("consultations.builder_section_remove", SEC, method="POST", args=sec, ok=(303,)),
        Rule("consultations.builder_question_new", SEC, args=sec),
        Rule("consultations.builder_question_new", SEC, method="POST", args=sec),
        Rule("consultations.builder_question_edit", SEC, args=qa),
        Rule("consultations.builder_question_edit", SEC, method="POST", args=qa),
        Rule("consultations.builder_question_move", SEC, method="POST", args=qa, ok=(303,)),
        Rule("consultations.builder_question_remove", SEC, args=qa),
        Rule("consultations.builder_question_remove", SEC, method="POST", args=qa, ok=(303,)),
        Rule("consultations.themes", STAFF, args=slug),
        Rule("consultations.themes", SEC, method="POST", args=slug),
        Rule("consultations.theme_propose", STAFF, method="POST", args=slug),
        Rule("consultations.theme_proposal", SEC, args=prop),
        Rule("consultations.theme_proposal_accept", SEC, method="POST", args=prop),
        Rule("consultations.theme_proposal_decline", SEC, method="POST", args=prop),
        Rule("consultations.theme_edit", SEC, args={**slug, "theme_id": theme.id}),
        Rule("consultations.theme_edit", SEC, method="POST", args={**slug, "theme_id": theme.id}),
        Rule("consultations.theme_toggle", SEC, method="POST", args={**slug, "theme_id": theme.id}),
        Rule("consultations.categories", SEC),
        Rule("consultations.categories", SEC, method="POST"),
        Rule("consultations.category_toggle", SEC, method="POST", args={"cat_id": 1}),
        Rule("consultations.moderation", SEC),
        Rule("consultations.moderate", SEC, method="POST", args={"sub_id": public_sub.id}),
        Rule("consultations.tag", STAFF, method="POST", args={"sub_id": public_sub.id}),
        Rule("consultations.link", SEC, method="POST", args={"sub_id": public_sub.id}),
        Rule("consultations.what_we_heard_edit", SEC, args=slug),
        Rule("consultations.what_we_heard_edit", SEC, method="POST", args=slug),
        Rule("consultations.export", SEC, args=slug),
        Rule("consultations.export_xlsx", SEC, args=slug),
        Rule("consultations.export_jsonl", SEC, args=slug),
        Rule("consultations.roundtable_new", SEC),
        Rule("consultations.roundtable_new", SEC, method="POST"),
        Rule("consultations.roundtable_edit", SEC, args={"rt_id": rt.id}),
        Rule("consultations.roundtable_edit", SEC, method="POST", args={"rt_id": rt.id}),
        Rule("consultations.key_point_add", SEC, method="POST", args={"rt_id": rt.id}),
        Rule("consultations.key_point_edit", SEC, args={"kp_id": kp.id}),
        Rule("consultations.key_point_edit", SEC, method="POST", args={"kp_id": kp.id}),
        Rule("consultations.key_point_delete", SEC, method="POST", args={"kp_id": kp.id}),
        Rule("consultations.evaluation_add", SEC, method="POST", args={"rt_id": rt.id}),
        Rule("consultations.roundtable_attachment", SEC, method="POST", args={"rt_id": rt.id}),
        Rule("consultations_api.api_consultations", EVERYONE),
        Rule("consultations_api.api_consultation", EVERYONE, args=slug),
        Rule("consultations_api.api_submissions", EVERYONE, args=slug),
        Rule("consultations_api.api_roundtable", EVERYONE, args={"rt_id": rt.id}),
    ]
