from ..access import EVERYONE, SIGNED_IN, Rule

SECRETARIAT = {"secretariat"}
LESSON_MAKERS = {"secretariat", "committee_member"}


def rules(ctx):
    from portal.extensions import db
    from portal.lessons import services
    from portal.lessons.queries import source_links

    make = ctx.make
    secretariat = ctx.users["secretariat"]
    finding = make.finding(code="F1")
    public = make.lesson(actor=secretariat, title_fr="Publique", visibility="public",
                         sources=[("evaluation_finding", finding.id, "extrait")])
    committee = make.lesson(actor=secretariat, title_fr="Comité", visibility="committee")
    link = source_links(public)[0]
    term = make.glossary_term("traite", "trafficking")
    saved = services.save_search(ctx.users["ngo_member"], services.SavedSearchInput("traite", "", "fr"))
    db.session.commit()
    lesson_args = {"lesson_id": public.id}
    return [
        Rule("lessons.finding", EVERYONE, args={"finding_id": finding.id}),
        Rule("lessons.glossary", EVERYONE),
        Rule("lessons.glossary", SECRETARIAT, method="POST"),
        Rule("lessons.glossary_edit", SECRETARIAT, args={"term_id": term.id}),
        Rule("lessons.glossary_edit", SECRETARIAT, method="POST", args={"term_id": term.id}),
        Rule("lessons.glossary_delete", SECRETARIAT, method="POST", args={"term_id": term.id}),
        Rule("lessons.saved", SIGNED_IN),
        Rule("lessons.saved", SIGNED_IN, method="POST"),
        Rule("lessons.saved_delete", {"ngo_member"}, method="POST", args={"saved_id": saved.id},
             note="only the owner; others get 404"),
        Rule("lessons.index", EVERYONE),
        Rule("lessons.lesson", EVERYONE, args=lesson_args),
        Rule("lessons.lesson", LESSON_MAKERS, args={"lesson_id": committee.id}, note="hidden (404) from others"),
        Rule("lessons.new", LESSON_MAKERS),
        Rule("lessons.new", LESSON_MAKERS, method="POST"),
        Rule("lessons.edit", SECRETARIAT, args=lesson_args, note="secretariat or the lesson's author"),
        Rule("lessons.edit", SECRETARIAT, method="POST", args=lesson_args),
        Rule("lessons.comment", LESSON_MAKERS, method="POST", args=lesson_args),
        Rule("lessons.source_add", SECRETARIAT, method="POST", args=lesson_args),
        Rule("lessons.source_remove", SECRETARIAT, method="POST",
             args={"lesson_id": public.id, "link_id": link.id}),
        Rule("lessons.informs", SECRETARIAT, method="POST", args=lesson_args),
        Rule("lessons.source_lookup", LESSON_MAKERS, query="type=evaluation_finding&q=F1"),
        Rule("lessons.review", SECRETARIAT),
        Rule("lessons.publish", SECRETARIAT, method="POST", args=lesson_args),
        Rule("lessons.return_lesson", SECRETARIAT, method="POST", args=lesson_args),
    ]
