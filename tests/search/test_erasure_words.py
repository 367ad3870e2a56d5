"""PostgreSQL engine: "did you mean" never recalls erased text. The words of withdrawn input that no other
document of its level holds leave search_words (portal.search.pg.store.prune_words)."""
from __future__ import annotations

import pytest
from sqlalchemy import bindparam, text

from portal.consultations import services
from portal.extensions import db


def _words(*words: str) -> set[str]:
    db.session.rollback()
    rows = db.session.execute(text("SELECT word FROM search_words WHERE word IN :w").bindparams(
        bindparam("w", expanding=True)), {"w": list(words)})
    return {r.word for r in rows}


@pytest.mark.postgresql_only
def test_the_words_of_withdrawn_input_are_no_longer_offered(make, apply):
    c = make.consultation()
    gone, _ = make.submission(c, "do_not_publish", text="Le refuge Zygomorphe et Quetzalcoatl.")
    make.submission(c, "do_not_publish", text="Quetzalcoatl aussi ailleurs.")
    apply()
    assert _words("zygomorphe", "quetzalcoatl") == {"zygomorphe", "quetzalcoatl"}
    services.withdraw(gone)
    apply()
    assert _words("zygomorphe", "quetzalcoatl") == {"quetzalcoatl"}    # still in a document of its level
