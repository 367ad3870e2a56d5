"""Migrations and models agree: `concerto db upgrade` on a blank database builds the schema the models
describe, and Alembic's autogenerate finds no difference (every feature's migration included)."""
from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from portal import create_app
from portal.extensions import db


def _blank_database(tmp_path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'blank.sqlite3'}"
    # A database of its own beside the test one, so the suite's tables stay as they are.
    import psycopg

    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://"))
    name = parts.path.lstrip("/") + "_migrations"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(scheme="postgresql+psycopg", path="/" + name))


@pytest.fixture
def blank_app(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": _blank_database(tmp_path),
                      "CONCERTO_DATA_DIR": str(tmp_path / "data")})
    yield app
    with app.app_context():
        db.engine.dispose()


def test_upgrade_heads_builds_the_schema_of_the_models(blank_app):
    with blank_app.app_context():
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
            differences = compare_metadata(context, db.metadata)
            heads = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    assert heads, "no migration was applied"
    assert differences == [], "models and migrations differ (write a migration):\n" + "\n".join(map(str, differences))


def test_migrations_form_one_line(blank_app):
    """Each feature's migration follows the one before it: one head, no branch left behind."""
    from alembic.script import ScriptDirectory

    with blank_app.app_context():
        config = blank_app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}; chain them (down_revision)"


def test_files_on_disk_move_into_the_database(blank_app):
    """0008 copies evidence and attachments kept under CONCERTO_DATA_DIR into stored_files."""
    from pathlib import Path

    from sqlalchemy import text

    pdf = b"%PDF-1.4\n%%EOF\n"
    with blank_app.app_context():
        upgrade(revision="0007_codebook")
        data = Path(blank_app.config["CONCERTO_DATA_DIR"])
        (data / "consultations" / "attachments").mkdir(parents=True)
        (data / "consultations" / "attachments" / ("f" * 40)).write_bytes(pdf + b"2")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO consultation_attachments (roundtable_id, filename, stored_name, kind, size, "
                              "created_at) VALUES (NULL, 'r.pdf', :n, 'pdf', 16, CURRENT_TIMESTAMP)"), {"n": "f" * 40})
            conn.execute(text("INSERT INTO consultation_attachments (roundtable_id, filename, stored_name, kind, size, "
                              "created_at) VALUES (NULL, 'lost.pdf', :n, 'pdf', 16, CURRENT_TIMESTAMP)"), {"n": "e" * 40})
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT a.filename, f.content, f.kind, f.content_type FROM consultation_attachments a "
                                     "JOIN stored_files f ON f.id = a.file_id")).all()
    assert [(r[0], bytes(r[1]), r[2], r[3]) for r in rows] == [("r.pdf", pdf + b"2", "pdf", "application/pdf")]


def test_a_fr_en_string_splits_into_its_two_languages(blank_app):
    """0155 splits a roundtable organiser written "fr / en" (the demo's old form) into its two columns; a
    single name goes into both."""
    from sqlalchemy import text

    with blank_app.app_context():
        upgrade(revision="0154_pages_mail_sending")
        with db.engine.begin() as conn:
            for organiser in ("Conseil canadien pour les réfugiés / Canadian Council for Refugees", "CCR"):
                conn.execute(text(
                    "INSERT INTO roundtables (title_fr, title_en, city, organiser, format_fr, format_en, chatham_house, "
                    "summary_fr, summary_en, evaluation_note_fr, evaluation_note_en, submissions_open, created_at) "
                    "VALUES ('T', 'T', '', :o, '', '', false, '', '', '', '', false, CURRENT_TIMESTAMP)"),
                    {"o": organiser})
        upgrade(revision="0155_lang_written_in")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT organiser_fr, organiser_en FROM roundtables ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("Conseil canadien pour les réfugiés", "Canadian Council for Refugees"),
                                        ("CCR", "CCR")]


def test_glossary_names_used_as_is_get_their_language(blank_app):
    """0180 records that "FCJ Refugee Centre" is English in the French column (its source says so), that
    "Coalition québécoise contre la traite des personnes" is French in the English one (py3langid), and leaves a
    word both languages share, and an ordinary pair, as their columns' languages."""
    from sqlalchemy import text

    pairs = [("FCJ Refugee Centre", "FCJ Refugee Centre", "seed 002 (EN name used in the FR text)"),
             ("Coalition québécoise contre la traite des personnes",) * 2 + ("cqctp.org",),
             ("exploitation", "exploitation", "CC s. 279.04"), ("travail forcé", "forced labour", "ILO")]
    with blank_app.app_context():
        upgrade(revision="0171_me_mail_secret")
        with db.engine.begin() as conn:
            for fr, en, source in pairs:
                conn.execute(text("INSERT INTO search_glossary (term_fr, term_en, aliases_fr, aliases_en, note_fr, "
                                  "note_en, category, source, updated_at) VALUES (:fr, :en, '', '', '', '', 'general', "
                                  ":s, CURRENT_TIMESTAMP)"), {"fr": fr, "en": en, "s": source})
        upgrade(revision="0180_langdata_glossary_lang")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT term_fr_lang, term_en_lang FROM search_glossary ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("en", None), (None, "fr"), (None, None), (None, None)]
