"""HSDS 3.0: every id a UUID, stable across runs (uuid5 from a fixed namespace and the record's key), the
same in the JSON API and in the CSV datapackage; the datapackage describes its CSVs and holds only what
the reader may see."""
import csv
import io
import json
import uuid
import zipfile

from portal.coalitions.hsds import NAMESPACE, TABLES, uid


def _ids(obj):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "id" or k.endswith("_id"):
                yield v
            else:
                yield from _ids(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _ids(v)


def test_ids_are_uuid5_of_a_fixed_namespace_and_key():
    # Literal values: a change of namespace or key scheme would give every harvested record a new id.
    assert str(NAMESPACE) == "dec3f927-a399-4915-bb1c-7627b6d14846"
    assert uid("service", 1) == "a680f858-ce8c-5069-82a9-92ba800b010d"
    assert uid("taxonomy_term", "category", "health") == "956f90f3-cc9a-5a3e-9b43-d0fa00fc6459"
    assert uuid.UUID(uid("service", 1)).version == 5


def test_api_ids_are_uuids_and_stable_between_requests(app, client, make):
    on = make.jurisdiction("ON")
    s = make.service("ON", owner=on, phone="555-0100", hours="9-5", categories=["health", "legal_aid"])
    first = client.get("/api/v1/services/hsds").get_json()["contents"][0]
    again = client.get("/api/v1/services/hsds?lang=fr").get_json()["contents"][0]
    assert first["id"] == uid("service", s.id) == again["id"]
    ids = [i for i in _ids(first) if i is not None]
    assert len(ids) > 10 and all(uuid.UUID(i).version == 5 for i in ids)
    assert list(_ids(first)) == list(_ids(again))
    assert first["organization"]["id"] == uid("organization", on.id) == first["organization_id"]


def _zip(client, url):
    resp = client.get(url)
    assert resp.status_code == 200 and resp.mimetype == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(resp.data))
    tables = {n[:-4]: list(csv.DictReader(io.StringIO(zf.read(n).decode("utf-8"))))
              for n in zf.namelist() if n.endswith(".csv")}
    return json.loads(zf.read("datapackage.json")), tables


def test_datapackage_describes_its_csvs_and_matches_the_api(app, client, make):
    s = make.service("NS", name_en="Shelter", name_fr="Refuge", open_24_7=True, phone="902-555-0199",
                     categories=["short_term_housing"], languages=["en", "fr"])
    make.service("ON", name_en="Hidden", published=False)
    descriptor, tables = _zip(client, "/api/v1/services/hsds/datapackage.zip?lang=en")
    assert {r["path"] for r in descriptor["resources"]} == {f"{t}.csv" for t in TABLES}
    assert descriptor["licenses"][0]["name"] == "OGL-Canada-2.0"
    for resource in descriptor["resources"]:
        rows = tables[resource["name"]]
        header = [f["name"] for f in resource["schema"]["fields"]]
        assert not rows or list(rows[0]) == header
    assert [r["name"] for r in tables["service"]] == ["Shelter"]      # the unpublished one is not there
    api = client.get("/api/v1/services/hsds").get_json()["contents"][0]
    assert tables["service"][0]["id"] == api["id"] == uid("service", s.id)
    assert tables["phone"][0]["service_id"] == api["id"] and tables["schedule"][0]["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    term = tables["taxonomy_term"][0]
    assert term["code"] == "short_term_housing" and term["taxonomy_id"] in {t["id"] for t in tables["taxonomy"]}
    assert tables["attribute"][0]["taxonomy_term_id"] == term["id"]
    assert {r["code"] for r in tables["language"]} == {"en", "fr"}
    again, tables_again = _zip(client, "/api/v1/services/hsds/datapackage.zip?lang=en")
    assert tables_again == tables     # stable across runs
