"""A commitment titled in one language only: a search in the other language shows that title, marked with its
language, never the bare reference."""
from __future__ import annotations

from .helpers import run


def test_an_english_only_commitment_shows_its_english_title_on_a_french_search(apply, make):
    rcmp = make.org("RCMP")
    c = make.commitment(make.plan("ONELANG"), "6", rcmp, title_en="Hotline for victims", title_fr="",
                        description_en="A national hotline answers calls day and night.", description_fr="")
    apply()
    hits = [h for h in run(None, "hotline", lang="fr").hits if h.type == "commitment"]
    assert [(h.title, h.title_lang) for h in hits] == [("6 Hotline for victims", "en")]
    hits = [h for h in run(None, "hotline", lang="en").hits if h.type == "commitment"]
    assert [(h.title, h.title_lang) for h in hits] == [("6 Hotline for victims", "en")]
    assert c.id == hits[0].obj_id


def test_input_is_titled_in_the_language_of_the_search(apply, make):
    consultation = make.consultation()
    sub, _ = make.submission(consultation, text="Les refuges ruraux manquent de places zanzibarique.")
    apply()
    secretariat = make.user("secretariat")
    [fr] = [h for h in run(secretariat, "zanzibarique", lang="fr").hits if h.type == "submission"]
    [en] = [h for h in run(secretariat, "zanzibarique", lang="en").hits if h.type == "submission"]
    assert fr.title.startswith(f"Contribution {sub.id}") and fr.title_lang == "fr"
    assert en.title.startswith(f"Submission {sub.id}") and en.title_lang == "en"
