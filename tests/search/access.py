from ..access import EVERYONE, Rule


def rules(ctx):
    from portal.search.index import ensure_index

    ensure_index()  # the API answers 503 without an index; the walk checks permissions, not availability
    return [
        Rule("search.index", EVERYONE),
        Rule("search.index", EVERYONE, query="q=traite&type=lesson&sort=recent", note="a query with filters"),
        Rule("search_api.api_search", EVERYONE, query="q=traite&lang=fr"),
    ]
