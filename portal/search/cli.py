"""`concerto search ...`: rebuild, check, apply the outbox."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from ..extensions import writes


@click.group("search", help="The search index.")
def cli():
    pass


@cli.command("rebuild", help="Build a new index from the database beside the old one and swap it in.")
@click.option("--procs", default=1, show_default=True, help="Indexing processes (2 on a 2-core machine).")
@with_appcontext
def rebuild_cmd(procs: int):
    from .writer import rebuild

    rebuild(procs=procs, out=click.echo)


@cli.command("check", help="Compare the index with the database; exit 1 on drift.")
@click.option("--verbose", "-v", is_flag=True)
@with_appcontext
def check_cmd(verbose: bool):
    from .index import SearchUnavailable
    from .writer import check

    try:
        drift = check()
    except SearchUnavailable as exc:
        click.echo(f"index unavailable: {exc}")
        sys.exit(2)
    click.echo(f"missing from the index: {len(drift.missing)}; extra in the index: {len(drift.extra)}; "
               f"stale: {len(drift.stale)}; outbox rows pending: {drift.pending}")
    if verbose or not drift.ok:
        for label, ids in (("missing", drift.missing), ("extra", drift.extra), ("stale", drift.stale)):
            for doc_id in ids[:50]:
                click.echo(f"  {label}: {doc_id}")
    if not drift.ok:
        click.echo("drift: run `concerto search rebuild`")
        sys.exit(1)
    click.echo("index and database agree")


@cli.command("apply", help="Apply the pending search outbox now.")
@with_appcontext
@writes
def apply_cmd():
    from .writer import apply_outbox

    click.echo(f"applied {apply_outbox()} records")


@cli.command("backfill-file-text", help="Read the text of files stored before text extraction existed and "
                                         "re-index their records (safe to run again).")
@with_appcontext
@writes
def backfill_file_text_cmd():
    from ..extensions import db
    from .backfill import backfill_file_text

    def commit(r):
        db.session.commit()
        click.echo(f"{r.read} files read, {r.failed} unreadable so far")

    r = backfill_file_text(after_batch=commit)
    db.session.commit()
    click.echo(f"{r.read} files read, {r.failed} unreadable (logged), {r.reindexed} records queued for re-indexing")


@cli.command("glossary-load", help="Add the built-in French-English glossary entries that are missing.")
@with_appcontext
@writes
def glossary_load_cmd():
    from ..extensions import db
    from .services import load_glossary_defaults

    n = load_glossary_defaults()
    db.session.commit()
    click.echo(f"{n} glossary entries added")
