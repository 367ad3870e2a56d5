"""Each search test gets its own index directory (CONCERTO_DATA_DIR) and applies the outbox itself."""
from __future__ import annotations

import pytest

from portal.extensions import db


@pytest.fixture
def search_index(app, tmp_path):
    from portal.search.index import ensure_index

    old = app.config["CONCERTO_DATA_DIR"]
    app.config["CONCERTO_DATA_DIR"] = str(tmp_path)
    ensure_index()
    yield tmp_path
    app.config["CONCERTO_DATA_DIR"] = old


@pytest.fixture
def apply(search_index):
    """Commit, then apply the search outbox (what the job process does every few seconds)."""
    from portal.search.writer import apply_outbox

    def run():
        db.session.commit()
        return apply_outbox()

    return run


@pytest.fixture(autouse=True)
def _close_searchers():
    yield
    from portal.search.index import _HOLDERS

    for h in list(_HOLDERS.values()):
        h.close_all()
