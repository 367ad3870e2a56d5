"""The `concerto` command line: users, demo, help."""
from __future__ import annotations

import re
import subprocess
from urllib.parse import urlsplit

from sqlalchemy import select

from portal.auth.models import User
from portal.auth.passwords import verify_password
from portal.extensions import db

from .test_jobs import CONCERTO, ROOT, cli_env

PASSWORD = "a sound passphrase for scripts"


def test_help_lists_every_command(app):
    out = subprocess.run([str(CONCERTO), "--help"], cwd=ROOT, env=cli_env(app), capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    listed = set(re.findall(r"^  ([a-z][\w-]*)\s", out.stdout, re.M))
    expected = set(app.cli.list_commands(None)) | {"db", "run", "shell", "routes", "demo", "users", "jobs"}
    assert expected <= listed, f"missing from --help: {expected - listed}"


def test_users_create_reads_the_password_from_stdin(app, make):
    org = make.org("PSX")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "Script.User@Example.test", "--role", "secretariat",
                                 "--role", "admin", "--organisation", "psx"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "created script.user@example.test (admin, secretariat) in PSX" in result.output
    db.session.commit()
    user = db.session.scalar(select(User).where(User.email == "script.user@example.test"))
    assert user.roles == {"admin", "secretariat"} and user.organisation_id == org.id
    assert verify_password(user.password_hash, PASSWORD)
    assert app.test_client().post("/en/login", data={"email": user.email, "password": PASSWORD}).status_code == 303


def test_users_create_refuses_bad_input(app, make):
    make.org("PSY")
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["users", "create", "weak@example.test", "--role", "admin", "--organisation", "PSY"],
                         input="short\n")
    assert weak.exit_code != 0 and "12" in weak.output
    no_org = runner.invoke(args=["users", "create", "x@example.test", "--role", "admin", "--organisation", "NOPE"],
                           input=PASSWORD + "\n")
    assert no_org.exit_code != 0 and "unknown organisation" in no_org.output
    bad_role = runner.invoke(args=["users", "create", "y@example.test", "--role", "king", "--organisation", "PSY"],
                             input=PASSWORD + "\n")
    assert bad_role.exit_code != 0
    db.session.commit()
    assert db.session.scalar(select(User).where(User.email.in_(["weak@example.test", "x@example.test"]))) is None


def test_users_create_with_invite_prints_a_working_link(app, make):
    make.org("PSZ")
    result = app.test_cli_runner().invoke(args=["users", "create", "invited@example.test", "--role", "ngo_member",
                                                "--organisation", "PSZ", "--invite", "--lang", "en"])
    assert result.exit_code == 0, result.output
    link = re.search(r"(https?://\S+/invitation/\S+)", result.output).group(1)
    path = urlsplit(link).path
    assert path.startswith("/en/invitation/")
    client = app.test_client()
    assert client.get(path).status_code == 200
    assert client.post(path, data={"password": PASSWORD, "confirm": PASSWORD}).status_code == 303
    assert client.get("/en/account").status_code == 200


def test_demo_load_prints_accounts_that_can_sign_in(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    accounts = re.findall(r"^\s+(\w+)\s+(\S+@demo\.concerto\.test)\s+(\S+)$", result.output, re.M)
    roles = {role for role, _, _ in accounts}
    assert roles == {"admin", "secretariat", "department_lead", "jurisdiction_editor", "ngo_member",
                     "committee_member"}
    role, email, password = accounts[0]
    client = app.test_client()
    assert client.post("/fr/connexion", data={"email": email, "password": password}).status_code == 303
    again = app.test_cli_runner().invoke(args=["demo", "load", "--if-empty"])
    assert again.exit_code == 0 and "already loaded" in again.output


def test_demo_organisations_cover_departments_and_every_jurisdiction(app):
    from portal.auth.models import JURISDICTIONS, Organisation
    from portal.demo import load_organisations

    load_organisations()
    db.session.commit()
    orgs = db.session.scalars(select(Organisation)).all()
    codes = {o.jurisdiction_code for o in orgs if o.org_type == "jurisdiction"}
    assert codes == set(JURISDICTIONS)
    names = {o.short_name for o in orgs}
    assert {"PS", "RCMP", "CBSA", "JUS", "IRCC", "ESDC"} <= names
    assert all(o.name_fr and o.name_en for o in orgs)
    assert any(o.org_type == "ngo" for o in orgs)
