"""The `concerto` command: the Flask CLI of the app plus Concerto's own commands."""
from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from .extensions import db, writes


def main() -> None:
    from . import create_app

    # Commands may run long (migrations, rebuilds, backups): no statement timeout unless one is set.
    no_limit = {} if "CONCERTO_DB_STATEMENT_TIMEOUT_MS" in os.environ else {"DB_STATEMENT_TIMEOUT_MS": 0}
    cli = FlaskGroup(create_app=lambda: create_app(no_limit), help="Concerto: the portal's command line.")
    cli.main(prog_name="concerto")


@click.group("demo", help="Demo data.")
def demo_cli():
    pass


@demo_cli.command("load", help="Load the demo organisations, accounts and every feature's demo data.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has accounts.")
@with_appcontext
@writes
def demo_load(if_empty: bool):
    from . import demo

    if if_empty and demo.is_loaded():
        click.echo("Demo data already loaded; accounts are listed in instance/demo-accounts.txt.")
        return
    demo.load_all(click.echo)
    db.session.commit()
    _drain_search_outbox()


def _drain_search_outbox():
    from .search import writer

    writer.apply_outbox()


@click.group("users", help="User accounts.")
def users_cli():
    pass


@users_cli.command("create", help="Create an account. The password is read from standard input; "
                                  "with --invite an invitation link is printed instead.")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice(["admin", "secretariat", "department_lead", "jurisdiction_editor", "ngo_member",
                                 "committee_member"]))
@click.option("--organisation", required=True, help="Organisation short name, e.g. PS")
@click.option("--name", default="", help="Display name")
@click.option("--lang", default="fr", type=click.Choice(["fr", "en", "both"]),
              help="Language of the person's email; both: French and English until they sign in.")
@click.option("--invite", is_flag=True, help="Print a single-use invitation link instead of reading a password.")
@with_appcontext
@writes
def users_create(email, roles, organisation, name, lang, invite):
    from flask import url_for

    from .auth import services
    from .auth.models import Organisation
    from .mail import link_lang
    from .rules import RuleError

    org = Organisation.by_short_name(organisation)
    if org is None:
        raise click.ClickException(f"unknown organisation: {organisation}")
    password = None
    if not invite:
        password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else \
            click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = services.create_user(email, org, list(roles), display_name=name,
                                    preferred_lang=None if lang == "both" else lang, password=password)
        link = None
        if invite:
            token = services.invite(user)
            with current_app.test_request_context(base_url=current_app.config["SERVER_BASE_URL"]):
                link = url_for("auth.accept_invitation", token=token, lang=link_lang(user.preferred_lang),
                               _external=True)
    except RuleError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc))
    db.session.commit()
    click.echo(f"created {user.email} ({', '.join(sorted(user.roles))}) in {org.short_name}")
    if link:
        click.echo(f"invitation link (valid 7 days, single use): {link}")


@click.group("jobs", help="The scheduler process.")
def jobs_cli():
    pass


@jobs_cli.command("run", help="Start the one scheduler process (refuses to start if another runs).")
@with_appcontext
def jobs_run():
    from .jobs import SchedulerLock, run_scheduler

    app = current_app._get_current_object()
    lock = SchedulerLock(app)
    if not lock.acquire():
        raise click.ClickException("another scheduler is already running; refusing to start a second one")
    try:
        run_scheduler(app)
    finally:
        lock.release()


@jobs_cli.command("list", help="List the registered jobs.")
@with_appcontext
def jobs_list():
    from .jobs import load_jobs

    for j in load_jobs().values():
        click.echo(f"{j.id:40} {j.trigger} {j.trigger_args}  {j.description}")


@jobs_cli.command("run-once", help="Run one job now, in this process.")
@click.argument("job_id")
@with_appcontext
def jobs_run_once(job_id):
    from .jobs import load_jobs, run_job

    jobs = load_jobs()
    if job_id not in jobs:
        raise click.ClickException(f"unknown job: {job_id}; see `concerto jobs list`")
    result = run_job(current_app._get_current_object(), job_id)
    click.echo(f"{job_id}: {result}")


def _read_passphrase(confirm: bool) -> str:
    if sys.stdin.isatty():
        return click.prompt("Passphrase", hide_input=True, confirmation_prompt=confirm)
    passphrase = sys.stdin.readline().rstrip("\n")
    if not passphrase:
        raise click.ClickException("the passphrase read from standard input is empty")
    return passphrase


@click.command("backup", help="Write one consistent archive of the whole portal (database, files, a manifest "
                              "of counts and checksums) to FILE, while the portal runs.")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--encrypt", is_flag=True, help="Encrypt with a passphrase read from standard input.")
@with_appcontext
def backup_cmd(file: str, encrypt: bool):
    from .backup import BackupError, create_backup

    passphrase = _read_passphrase(confirm=True) if encrypt else None
    try:
        manifest = create_backup(db.engine, file, passphrase)
    except BackupError as exc:
        raise click.ClickException(str(exc))
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(f"backup written to {file}: {len(manifest['tables'])} tables, {rows} rows, "
               f"{manifest['files']['count']} files ({manifest['files']['bytes']} bytes)"
               + (", encrypted" if encrypt else ""))


@click.command("restore", help="Fill an empty database from a backup archive, check it against the archive's "
                               "manifest, then update the schema and rebuild the search index. "
                               "The passphrase of an encrypted archive is read from standard input.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace everything in a database that is not empty.")
@with_appcontext
def restore_cmd(file: str, force: bool):
    from . import sealed
    from .backup import BackupError, restore_backup

    passphrase = _read_passphrase(confirm=False) if sealed.is_sealed(file) else None
    try:
        restore_backup(db.engine, file, passphrase, force=force, out=click.echo)
    except BackupError as exc:
        raise click.ClickException(str(exc))
    _after_restore()
    click.echo("restore complete")


def _after_restore() -> None:
    """A restored portal works at once: the schema brought up to this version, the search index rebuilt."""
    from flask_migrate import upgrade
    from sqlalchemy import inspect

    db.session.remove()
    if inspect(db.engine).has_table("alembic_version"):
        upgrade()  # nothing to do when the archive is of this version
    from .search import writer

    writer.rebuild(out=click.echo)


def register_cli(app: Flask) -> None:
    from . import features

    app.cli.add_command(backup_cmd)
    app.cli.add_command(restore_cmd)
    app.cli.add_command(demo_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(jobs_cli)
    for _feature, module in features.modules("cli"):
        app.cli.add_command(module.cli)
