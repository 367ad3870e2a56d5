"""Demo data, kept as data files under each feature's demo/ folder and read by the features' own importers.

Each feature may provide `portal.<feature>.demo.load(out)`; they run in the registry's order
(portal/features.py) after the organisations below. `out` is a function that prints a line for the operator."""
from __future__ import annotations

import csv
import secrets
from pathlib import Path
from typing import Callable

from flask import current_app
from sqlalchemy import func, select

from ..auth import services as auth_services
from ..auth.models import Organisation, User
from .. import features
from ..extensions import db

DATA = Path(__file__).with_name("data")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def load_organisations() -> int:
    count = 0
    for row in read_csv(DATA / "organisations.csv"):
        org = Organisation.by_short_name(row["short_name"])
        if org is None:
            org = Organisation(short_name=row["short_name"])
            db.session.add(org)
            count += 1
        org.org_type = row["org_type"]
        org.jurisdiction_code = row["jurisdiction_code"] or None
        org.name_fr, org.name_en = row["name_fr"], row["name_en"]
        org.short_name_fr = row.get("short_name_fr") or None
        org.website = row.get("website") or None
    db.session.flush()
    return count


def load_accounts(out: Callable[[str], None]) -> list[tuple[str, str, str]]:
    """One account per role; a fresh random password each time the demo is loaded (demo only)."""
    accounts = []
    for row in read_csv(DATA / "users.csv"):
        password = "-".join(secrets.token_hex(3) for _ in range(4))
        user = auth_services.find_user(row["email"])
        org = Organisation.by_short_name(row["organisation"])
        if user is None:
            user = auth_services.create_user(row["email"], org, [row["role"]], display_name=row["display_name"],
                                             preferred_lang=row["preferred_lang"], password=password)
        else:
            auth_services.set_password(user, password)
        accounts.append((row["email"], row["role"], password))
    instance = Path(current_app.config["INSTANCE_DIR"])
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "demo-accounts.txt"
    path.write_text("".join(f"{role:20} {email:40} {pw}\n" for email, role, pw in accounts))
    path.chmod(0o600)
    out("Demo accounts (demo only; also written to instance/demo-accounts.txt):")
    for email, role, pw in accounts:
        out(f"  {role:20} {email:40} {pw}")
    return accounts


def is_loaded() -> bool:
    return (db.session.scalar(select(func.count()).select_from(User)) or 0) > 0


def load_all(out: Callable[[str], None] = print) -> None:
    added = load_organisations()
    out(f"Organisations: {added} added")
    for module in features.load("demo"):
        module.load(out)
        db.session.flush()
    load_accounts(out)
