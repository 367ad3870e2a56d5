"""search_glossary: the language a term is written in when it is not its column's (an English name French uses
as is: "FCJ Refugee Centre"), so pages mark it with its `lang`; filled for the existing pairs.

Revision ID: 0180_langdata_glossary_lang
Revises: 0180_langaudit_audit_message
Create Date: 2026-11-30 19:30:00
"""
import re

import sqlalchemy as sa
from alembic import op

revision = "0180_langdata_glossary_lang"
down_revision = "0180_langaudit_audit_message"
branch_labels = None
depends_on = None

# What the terminology's sources say when a name is used untranslated (data/terminology/terminology.csv).
EN_IN_FR = re.compile(r"\bEN (name|title) used in the FR\b", re.I)
FR_IN_EN = re.compile(r"\bused untranslated in English\b", re.I)


def term_langs(term_fr: str, term_en: str, source: str) -> tuple[str | None, str | None]:
    """(term_fr_lang, term_en_lang) for one pair; None = the column's language. A single word the same in both
    languages ("exploitation", "Ontario") belongs to both: left None."""
    from portal.textlang import identify

    fr_lang = "en" if EN_IN_FR.search(source or "") else None
    en_lang = "fr" if FR_IN_EN.search(source or "") else None
    if term_fr == term_en:
        lang = identify(term_fr, min_words=2, confidence=0.95)
        fr_lang = fr_lang or ("en" if lang == "en" else None)
        en_lang = en_lang or ("fr" if lang == "fr" else None)
    else:   # two different forms: only a clear, long enough case ("Polaris Project" beside "Projet Polaris")
        fr_lang = fr_lang or ("en" if identify(term_fr, confidence=0.99) == "en" else None)
        en_lang = en_lang or ("fr" if identify(term_en, confidence=0.99) == "fr" else None)
    return fr_lang, en_lang


def upgrade():
    with op.batch_alter_table("search_glossary") as batch:
        batch.add_column(sa.Column("term_fr_lang", sa.String(length=2), nullable=True))
        batch.add_column(sa.Column("term_en_lang", sa.String(length=2), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, term_fr, term_en, source FROM search_glossary")).fetchall()
    for row_id, term_fr, term_en, source in rows:
        fr_lang, en_lang = term_langs(term_fr, term_en, source)
        if fr_lang or en_lang:
            conn.execute(sa.text("UPDATE search_glossary SET term_fr_lang = :f, term_en_lang = :e WHERE id = :id"),
                         {"f": fr_lang, "e": en_lang, "id": row_id})


def downgrade():
    with op.batch_alter_table("search_glossary") as batch:
        batch.drop_column("term_en_lang")
        batch.drop_column("term_fr_lang")
