"""`concerto consultations ...`: import a discussion paper, import past input."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask.cli import with_appcontext

from ..extensions import db, writes
from ..rules import RuleError
from . import queries, services
from .importers import ImportError_
from .importers import import_submissions as run_import


@click.group("consultations", help="Consultations: discussion papers and input.")
def cli():
    pass


def _when(value: str | None, option: str):
    """An ISO 8601 date and time; Toronto time unless it carries an offset."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("not an ISO 8601 date and time", param_hint=option) from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo("America/Toronto"))
    return dt.astimezone(timezone.utc)


@cli.command("import-paper", help="Create or update a consultation from a Markdown discussion paper "
                                  "(convention in docs/consultations.md).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", required=True, help="Short name used in the consultation's address.")
@click.option("--lang", default="fr", type=click.Choice(["fr", "en"]), show_default=True,
              help="Language of FILE.")
@click.option("--translation", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The same paper in the other language (same sections and questions).")
@click.option("--opens", help="Opening date and time, ISO 8601 (Toronto time unless an offset is given).")
@click.option("--closes", help="Closing date and time, ISO 8601.")
@click.option("--audience", default="public", type=click.Choice(["public", "invited", "committee"]),
              show_default=True)
@with_appcontext
@writes
def import_paper(file, slug, lang, translation, opens, closes, audience):
    try:
        paper = services.parse(file.read_text(encoding="utf-8"))
        other = services.parse(translation.read_text(encoding="utf-8")) if translation else None
        c = services.import_paper(paper, slug, lang=lang, translation=other, opens_at=_when(opens, "--opens"),
                                  closes_at=_when(closes, "--closes"), audience=audience)
        services.ensure_default_categories()
        db.session.commit()
    except RuleError as exc:
        db.session.rollback()
        raise click.ClickException(" ".join(exc.messages)) from None
    click.echo(f"Consultation {c.slug}: {len(c.sections)} sections, {len(c.questions)} questions ({c.state()}).")


@cli.command("import-submissions", help="Import past input from a JSON Lines file (one object a line). "
                                        "Nothing is imported when any line is bad.")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
@writes
def import_submissions(slug, file):
    c = queries.consultation_by_slug(slug)
    if c is None:
        raise click.ClickException(f"no consultation {slug}")
    try:
        imported, skipped = run_import(c, file.read_text(encoding="utf-8").splitlines())
        db.session.commit()
    except ImportError_ as exc:
        db.session.rollback()
        for err in exc.errors:
            click.echo(err, err=True)
        raise click.ClickException(f"{len(exc.errors)} problem(s); nothing was imported.")
    click.echo(f"{imported} submissions imported, {skipped} already imported.")


@cli.command("categories", help="Add the default stakeholder categories that are missing.")
@with_appcontext
@writes
def categories():
    added = services.ensure_default_categories()
    db.session.commit()
    click.echo(f"{added} categories added.")
