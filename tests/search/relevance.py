"""A judged test collection over demo data: the evaluation's findings (F*, R*), the demo lessons (L0-L11)
and 209 passages of the seed documents as distractors. Grades: 2 = answers the question, 1 = related."""
from __future__ import annotations

import json
import math
from pathlib import Path

from portal.search.documents import SearchDocument

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "portal" / "lessons" / "demo"
DATA = Path(__file__).with_name("data")

QUERIES: list[tuple[str, str, dict[str, int]]] = [
    # French
    ("travailleuses étrangères", "fr", {"F5": 2, "L2": 2, "L3": 1, "L8": 1}),
    ("permis de séjour temporaire", "fr", {"F6": 2, "L2": 2}),
    ("PST", "fr", {"F6": 2, "L2": 2}),
    ("ligne d'urgence", "fr", {"L1": 2, "R3": 2}),
    ("collecte de données", "fr", {"F3": 2, "R4": 2, "L0": 2}),
    ("financement réservé", "fr", {"F9": 2, "L5": 2}),
    ("suivi des dépenses", "fr", {"F9": 2, "L5": 2, "R5": 2}),
    ("travail forcé", "fr", {"L10": 2, "L1": 1, "L3": 1}),
    ("campagnes de sensibilisation", "fr", {"F4": 2, "L4": 2}),
    ("refuges pour victimes", "fr", {"L9": 2}),
    ("hébergement des victimes", "fr", {"L9": 2, "L8": 1}),
    ("gouvernance", "fr", {"F2": 2, "L6": 1}),
    ("poursuites et déclarations de culpabilité", "fr", {"F7": 2, "L8": 1}),
    ("communautés autochtones", "fr", {"R2": 2}),
    ("organisations non gouvernementales consultées", "fr", {"F8": 2, "L7": 2}),
    ("victimes qui témoignent", "fr", {"F7": 2, "L8": 2}),
    ("chaînes d'approvisionnement", "fr", {"L10": 2}),
    ("stratégie nationale", "fr", {"F1": 2, "R1": 1}),
    ("frais de recrutement", "fr", {"L3": 2}),
    ("exploitation sexuelle", "fr", {"L10": 2}),
    ("jeunes", "fr", {"L4": 2}),
    ("approche coordonnée", "fr", {"R1": 2}),
    ("autonomisation des femmes", "fr", {"L4": 2}),
    ("Fonds d'aide aux victimes", "fr", {"F5": 2}),
    ("coordonnateurs régionaux", "fr", {"L11": 2}),
    ("concertation régionale au Québec", "fr", {"L7": 2}),
    # English
    ("foreign workers", "en", {"F5": 2, "L3": 2, "L2": 1}),
    ("temporary resident permit", "en", {"F6": 2, "L2": 2}),
    ("TRP", "en", {"F6": 2, "L2": 2}),
    ("hotline", "en", {"L1": 2, "R3": 2}),
    ("data collection", "en", {"F3": 2, "R4": 2, "L0": 2}),
    ("dedicated funding", "en", {"F9": 2, "L5": 2}),
    ("forced labor", "en", {"L10": 2, "L1": 1, "L3": 1}),
    ("awareness campaigns", "en", {"F4": 2, "L4": 2}),
    ("shelters", "en", {"L9": 2, "L8": 1}),
    ("governance committee", "en", {"F2": 2, "L6": 2}),
    ("prosecutions and convictions", "en", {"F7": 2, "L8": 1}),
    ("Indigenous communities", "en", {"R2": 2}),
    ("non-governmental organisations", "en", {"F8": 2, "L7": 1}),
    ("supply chains", "en", {"L10": 2}),
    ("recruitment fees", "en", {"L3": 2}),
    ("trauma-informed care", "en", {"L8": 2}),
    ("performance information on spending", "en", {"R5": 2, "F9": 1, "L5": 1}),
    ("labour exploitation", "en", {"L3": 2, "L10": 1}),
    ("national strategy", "en", {"F1": 2, "R1": 1}),
    ("empowering women and girls", "en", {"L4": 2}),
    ("victims fund", "en", {"F5": 2}),
    ("human trafficking data", "en", {"F3": 2, "R4": 2, "L0": 2}),
]


def corpus() -> list[tuple[str, SearchDocument]]:
    """(judgement key, document) pairs."""
    docs = []
    n = 0
    for row in json.loads((DEMO / "findings.json").read_text(encoding="utf-8")):
        n += 1
        docs.append((row["code"], SearchDocument("evaluation_finding", n, "lessons.finding", title_fr=row["title_fr"],
                                                 title_en=row["title_en"], body_fr=row["body_fr"], body_en=row["body_en"])))
    for i, row in enumerate(json.loads((DEMO / "lessons.json").read_text(encoding="utf-8"))):
        body = {lg: "\n\n".join(row[f"{f}_{lg}"] for f in ("context", "outcome", "recommendation", "population"))
                for lg in ("fr", "en")}
        docs.append((f"L{i}", SearchDocument("lesson", i + 1, "lessons.lesson", title_fr=row["title_fr"],
                                             title_en=row["title_en"], body_fr=body["fr"], body_en=body["en"])))
    for i, row in enumerate(json.loads((DATA / "seed_passages.json").read_text(encoding="utf-8"))):
        docs.append((row["id"], SearchDocument("key_point", i + 1, "search.index", body_fr=row["body_fr"])))
    return docs


def ndcg_at_10(ranked: list[str], judged: dict[str, int]) -> float:
    dcg = sum((2 ** judged.get(k, 0) - 1) / math.log2(i + 2) for i, k in enumerate(ranked[:10]))
    ideal = sorted(judged.values(), reverse=True)
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal[:10]))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(ranked: list[str], judged: dict[str, int]) -> float:
    for i, k in enumerate(ranked):
        if judged.get(k, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


# Cross-language probes (data/terminology/crosslang_judgements.md): a query typed in one language whose only
# answer is written in the other. Each answer passage becomes a one-language document of the collection.
PROBES_FILE = ROOT / "data" / "terminology" / "crosslang_judgements.md"


def crosslang_probes() -> list[tuple[str, str, str, str]]:
    """(query, query language, answer language, answer text) for each probe."""
    import re

    probes = []
    for block in re.split(r"\n## \d+\. ", PROBES_FILE.read_text(encoding="utf-8"))[1:]:
        head = block.splitlines()[0]
        direction, query = head.split(": ", 1)
        query = query.strip().strip("«»").strip()
        q_lang, a_lang = ("en", "fr") if direction.startswith("EN") else ("fr", "en")
        label = "- French passage" if a_lang == "fr" else "- English answer text"
        line = next(line for line in block.splitlines() if line.startswith(label))
        text = line[line.index("«") + 1:line.rindex("»")].strip()
        probes.append((query, q_lang, a_lang, text))
    return probes


def crosslang_corpus() -> tuple[list[tuple[str, SearchDocument]], list[tuple[str, str, str]]]:
    """The judged collection plus one document per probe answer; (query, language, relevant key) per probe."""
    docs = corpus()
    judged = []
    for i, (query, q_lang, a_lang, text) in enumerate(crosslang_probes()):
        key = f"X{i + 1}"
        fields = {"body_fr": text} if a_lang == "fr" else {"body_en": text}
        docs.append((key, SearchDocument("key_point", 10_000 + i, "search.index", **fields)))
        judged.append((query, q_lang, key))
    return docs, judged


def recall_at_10(run, judged: list[tuple[str, str, str]]) -> tuple[float, list[str]]:
    """Share of probes whose answer is in the top 10, and the queries that missed."""
    missed = [q for q, lang, key in judged if key not in run(q, lang)[:10]]
    return 1 - len(missed) / len(judged), missed
