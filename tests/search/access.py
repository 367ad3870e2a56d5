from ..access import EVERYONE, SIGNED_IN, Rule

SECRETARIAT = {"secretariat"}
LESSON_MAKERS = {"secretariat", "committee_member"}


def rules(ctx):
    from portal.search.index import ensure_index
    from portal.search.services import save_search, source_links
    from portal.extensions import db

    ensure_index()  # the API answers 503 without an index; the walk checks permissions, not availability
    make = ctx.make
    secretariat = ctx.users["secretariat"]
    finding = make.finding(code="F1")
    public = make.lesson(actor=secretariat, title_fr="Publique", visibility="public",
                         sources=[("evaluation_finding", finding.id, "extrait")])
    committee = make.lesson(actor=secretariat, title_fr="Comité", visibility="committee")
    link = source_links(public)[0]
    term = make.glossary_term("traite", "trafficking")
    saved = save_search(ctx.users["ngo_member"], "traite", "", "fr")
    db.session.commit()
    lesson_args = {"lesson_id": public.id}
    return [
        Rule("search.index", EVERYONE),
        Rule("search.index", EVERYONE, query="q=traite&type=lesson&sort=recent", note="a query with filters"),
        Rule("search_api.api_search", EVERYONE, query="q=traite&lang=fr"),
        Rule("search.finding", EVERYONE, args={"finding_id": finding.id}),
        Rule("search.glossary", EVERYONE),
        Rule("search.glossary", SECRETARIAT, method="POST"),
        Rule("search.glossary_edit", SECRETARIAT, args={"term_id": term.id}),
        Rule("search.glossary_edit", SECRETARIAT, method="POST", args={"term_id": term.id}),
        Rule("search.glossary_delete", SECRETARIAT, method="POST", args={"term_id": term.id}),
        Rule("search.saved", SIGNED_IN),
        Rule("search.saved", SIGNED_IN, method="POST"),
        Rule("search.saved_delete", {"ngo_member"}, method="POST", args={"saved_id": saved.id},
             note="only the owner; others get 404"),
        Rule("search.lessons", EVERYONE),
        Rule("search.lesson", EVERYONE, args=lesson_args),
        Rule("search.lesson", LESSON_MAKERS, args={"lesson_id": committee.id}, note="hidden (404) from others"),
        Rule("search.lesson_new", LESSON_MAKERS),
        Rule("search.lesson_new", LESSON_MAKERS, method="POST"),
        Rule("search.lesson_edit", SECRETARIAT, args=lesson_args, note="secretariat or the lesson's author"),
        Rule("search.lesson_edit", SECRETARIAT, method="POST", args=lesson_args),
        Rule("search.lesson_comment", LESSON_MAKERS, method="POST", args=lesson_args),
        Rule("search.lesson_source_add", SECRETARIAT, method="POST", args=lesson_args),
        Rule("search.lesson_source_remove", SECRETARIAT, method="POST",
             args={"lesson_id": public.id, "link_id": link.id}),
        Rule("search.lesson_informs", SECRETARIAT, method="POST", args=lesson_args),
    ]
