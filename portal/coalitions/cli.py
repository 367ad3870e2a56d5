"""`concerto coalitions import FILE.csv|FILE.xlsx` (and strategies, notes), `concerto services import FILE`,
`concerto protocols import FILE` (CSV in UTF-8 or an XLSX workbook). All or nothing: a bad row changes nothing and every bad row is listed."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from ..extensions import db, write_intent
from .blueprint import protocols_cli, services_cli
from .importers import ImportFailed, import_notes, import_records


def _run(record_type: str, path: str) -> None:
    with write_intent():  # an import writes: take SQLite's write lock up front
        text = Path(path).read_bytes()
        try:
            result = import_notes(text) if record_type == "note" else import_records(record_type, text)
        except ImportFailed as exc:
            db.session.rollback()
            for line, message in exc.errors:
                click.echo(f"{path}:{line}: {message}", err=True)
            raise click.ClickException(f"{len(exc.errors)} problem(s); nothing was imported") from None
        db.session.commit()
        click.echo(f"{record_type}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged")


def _import_command(record_type: str, help_text: str):
    @click.command("import", help=help_text)
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @with_appcontext
    def command(path):
        _run(record_type, path)

    return command


@click.group("coalitions", help="Coalitions, networks, strategies and regional notes.")
def cli():
    pass


cli.add_command(_import_command("coalition", "Import coalitions and networks from a CSV file (docs/coalitions.md)."))
cli.add_command(_import_command("strategy", "Import provincial and territorial strategies from a CSV file."),
                "import-strategies")
cli.add_command(_import_command("note", "Import regional notes on provinces and territories from a CSV file."),
                "import-notes")
services_cli.add_command(_import_command("service", "Import services from a CSV file (docs/coalitions.md)."))
protocols_cli.add_command(_import_command("protocol", "Import protocols from a CSV file (docs/coalitions.md)."))
