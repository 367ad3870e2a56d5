"""`concerto commitments import|report|plans`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extensions import db, write_intent
from ..i18n import LOCALES, force_locale
from ..rules import RuleError
from .importers import ImportInput, import_file
from .models import Plan
from .report import render_standalone
from .rules import parse_fiscal_year

cli = click.Group("commitments", help="Action-plan commitments: import, yearly report.")


def _plan(code: str) -> Plan:
    plan = db.session.scalar(select(Plan).where(Plan.code == code))
    if plan is None:
        codes = ", ".join(db.session.scalars(select(Plan.code))) or "none"
        raise click.ClickException(f"unknown plan {code!r} (plans: {codes})")
    return plan


@cli.command("import", help="Import commitments from an XLSX or CSV file (upsert by ref; all or nothing).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--plan", "code", required=True, help="Plan code, e.g. NAP-2012")
@click.option("--dry-run", is_flag=True, help="Check the file and report; change nothing.")
@click.option("--lang", default="en", type=click.Choice(["fr", "en"]), help="Language of the messages.")
@with_appcontext
def import_cmd(file: Path, code: str, dry_run: bool, lang: str):
    with write_intent():
        _import(file, code, dry_run, lang)


def _import(file: Path, code: str, dry_run: bool, lang: str) -> None:
    plan = _plan(code)
    with force_locale(LOCALES[lang]):
        try:
            report = import_file(plan, ImportInput(file.read_bytes(), dry_run=dry_run))
        except RuleError as exc:
            raise click.ClickException(" ".join(exc.messages)) from None
        if not report.ok:
            db.session.rollback()
            for line, reason in report.errors:
                click.echo(f"line {line}: {reason}", err=True)
            raise click.ClickException(f"{len(report.errors)} bad row(s); nothing was changed")
    if dry_run:
        db.session.rollback()
        click.echo(f"dry run: {len(report.created)} to create, {len(report.updated)} to update, "
                   f"{len(report.unchanged)} unchanged; nothing changed")
        return
    db.session.commit()
    click.echo(f"imported: {len(report.created)} created, {len(report.updated)} updated, "
               f"{len(report.unchanged)} unchanged")


@cli.command("report", help="Write the yearly public report of a plan as one self-contained HTML file.")
@click.option("--plan", "code", required=True)
@click.option("--year", required=True, help="Fiscal year, e.g. 2025-2026")
@click.option("--lang", default="fr", type=click.Choice(["fr", "en"]))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def report_cmd(code: str, year: str, lang: str, out: Path):
    plan = _plan(code)
    try:
        fy = parse_fiscal_year(year)
    except ValueError as exc:
        raise click.ClickException(str(exc))
    with current_app.test_request_context(f"/{lang}/", base_url=current_app.config["SERVER_BASE_URL"]):
        html = render_standalone(plan, fy, lang)
    out.write_text(html, encoding="utf-8")
    click.echo(f"wrote {out} ({len(html):,} bytes)")


@cli.command("plans", help="List the plans.")
@with_appcontext
def plans_cmd():
    for p in db.session.scalars(select(Plan).order_by(Plan.code)):
        click.echo(f"{p.code:20} {p.status:8} {p.title_en}")
