"""Search never tells what it hides: a document a reader may not see changes nothing they see (results,
their order, totals, facets, pages), the API gives ranks and never the engine's scores, and a prefix expands
only over words of documents the reader may see, saying so when it is too broad. Runs on Whoosh, and on the
PostgreSQL engine with TEST_DATABASE_URL (PostgreSQL searches itself by default)."""
from __future__ import annotations

from datetime import date

from flask_login import AnonymousUserMixin

from portal.search.engine import MAX_PREFIX_TERMS
from portal.search.writer import index_documents

from .helpers import doc, run

VISITOR = AnonymousUserMixin()


def _public_corpus():
    words = ["Halifax shelters need interpreters", "Halifax port inspections", "Shelters in Toronto",
             "Interpreters for survivors in Halifax and Moncton", "Labour trafficking in agriculture",
             "Trafficking of persons: the national hotline", "Trafficked workers and their permits"]
    index_documents([doc("lesson", n, "public", title_en=title, body_en=f"{title}. " * (n % 3 + 1),
                         date=date(2019, 1, n), jurisdictions=["NS" if n % 2 else "ON"],
                         pillar="protection" if n % 2 else "prevention")
                     for n, title in enumerate(words, 1)] + [
        doc("lesson", 8, "public", title_en="Note A", body_en="Gaspereau gaspereau gaspereau.", date=date(2019, 2, 1)),
        doc("lesson", 9, "public", title_en="Note B", body_en="Ferries.", date=date(2019, 2, 2)),
        doc("lesson", 10, "public", title_en="Hotline report", body_en="Cases of trafficking were reported.",
            date=date(2019, 2, 3))])


def _what_a_visitor_sees(q: str):
    everything = run(VISITOR, q, per_page=50)
    return ([(h.doc_id, h.title) for h in everything.hits], everything.total, everything.facets,
            [(h.doc_id, h.snippet) for h in run(VISITOR, q, per_page=2, page=2).hits])


def test_a_hidden_document_changes_nothing_a_visitor_sees(search_index, make):
    _public_corpus()
    queries = ("Halifax", "shelters interpreters", "traffic*", "Halifax ports", "gaspereau ferries")
    before = {q: _what_a_visitor_sees(q) for q in queries}
    assert [t for _d, t in before["gaspereau ferries"][0]] == ["Note A", "Note B"]
    index_documents([doc("lesson", 99, "secretariat", title_en="Halifax Halifax Halifax",
                         body_en="Halifax shelters interpreters traffickers trafficking " * 20,
                         jurisdictions=["NS"], pillar="protection")]
                    + [doc("lesson", 100 + n, "secretariat", title_en="Memo", body_en="Gaspereau") for n in range(12)])
    assert run(make.user("secretariat"), "Halifax", per_page=50).total == 4   # the hidden one is in the index
    after = {q: _what_a_visitor_sees(q) for q in before}
    assert after == before


def test_the_api_gives_ranks_not_scores(search_index, client):
    _public_corpus()
    data = client.get("/api/v1/search?q=Halifax&lang=en").get_json()
    assert data["total"] == 3 and [r["rank"] for r in data["results"]] == [1, 2, 3]
    assert all("score" not in r for r in data["results"])
    second = client.get("/api/v1/search?q=Halifax&lang=en&page=2").get_json()
    assert second["page"] == 1  # one page only: the API clamps, ranks stay 1..3
    index_documents([doc("lesson", 99, "secretariat", title_en="Halifax", body_en="Halifax " * 50)])
    assert client.get("/api/v1/search?q=Halifax&lang=en").get_json() == data


def test_a_prefix_expands_only_over_what_the_reader_may_see(search_index, client):
    _public_corpus()
    before = _what_a_visitor_sees("traffic*")
    assert before[1] == 4 and "Hotline report" in [t for _d, t in before[0]]
    made_up = " ".join(f"traffica{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(80))
    index_documents([doc("submission", 500, "secretariat", title_en="Pending input", body_en=made_up)])
    assert _what_a_visitor_sees("traffic*") == before
    page = client.get("/en/search?q=traffic*").get_data(as_text=True)
    assert "Many words start with" not in page


def test_a_prefix_too_broad_for_what_the_reader_sees_is_announced(search_index, client):
    _public_corpus()
    made_up = " ".join(f"traffica{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(MAX_PREFIX_TERMS + 16))
    index_documents([doc("submission", 500, "public", title_en="Published input", body_en=made_up)])
    result = run(VISITOR, "traffic*", per_page=50)
    # The words of the real documents are the most frequent: still found; the page says the prefix is broad.
    assert {h.obj_id for h in result.hits} >= {5, 6, 7}
    from portal.search import pg

    if not pg.active():   # PostgreSQL matches every word of a prefix: nothing is left out there
        assert result.broad_prefixes
        page = client.get("/en/search?q=traffic*").get_data(as_text=True)
        assert "Many words start with" in page and "Type more letters" in page
        assert client.get("/api/v1/search?q=traffic*&lang=en").get_json()["too_broad"]
