"""Time the directory's heaviest pages on the demo data plus N synthetic services (a scratch SQLite database).

    .venv/bin/python bench/coalitions_bench.py [N]

Prints the median of 5 requests per page, and the size of each page. Nothing leaves the machine."""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["CONCERTO_INSTANCE_DIR"] = tempfile.mkdtemp(prefix="coalitions-bench-")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402

PAGES = ["/en/coalitions/", "/en/coalitions/?measure=categories", "/en/coalitions/gaps",
         "/en/coalitions/gaps?axis=activities", "/en/coalitions/gaps.csv", "/en/coalitions/services",
         "/en/coalitions/services?category=health&open_24_7=1", "/en/coalitions/provinces/ON",
         "/api/v1/services", "/api/v1/services/hsds"]


def main(extra: int) -> None:
    app = create_app({"TESTING": True})
    with app.app_context():
        db.create_all()
        from portal.auth.models import JURISDICTIONS, Organisation
        from portal.coalitions import demo, services, vocab
        from portal.demo import load_organisations

        load_organisations()
        demo.load(lambda line: None)
        orgs = Organisation.query.all()
        rng = random.Random(4)
        for i in range(extra):
            services.create_record(services.ServiceInput(
                name_en=f"Synthetic service {i}", name_fr=f"Service synthétique {i}",
                jurisdiction_code=rng.choice(JURISDICTIONS), city="Somewhere",
                categories=rng.sample(list(vocab.CATEGORIES), 3), populations=rng.sample(list(vocab.POPULATIONS), 2),
                languages=["fr", "en"], open_24_7=rng.random() < 0.2, owner_organisation_id=rng.choice(orgs).id),
                actor=None, is_sample=True)
        db.session.commit()
    client = app.test_client()
    print(f"{extra} synthetic services on top of the demo data")
    for path in PAGES:
        times = []
        for _ in range(5):
            t = time.perf_counter()
            resp = client.get(path)
            times.append(time.perf_counter() - t)
            assert resp.status_code == 200, (path, resp.status_code)
        print(f"{statistics.median(times) * 1000:8.1f} ms  {len(resp.data) / 1024:8.1f} KiB  {path}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
