"""Hashed n-gram features: the n-grams scikit-learn would count, stable columns, named for explanations."""

import re
import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from aigov.ml.hashing import WORD_PATTERN, HashedTfidf, NgramHasher, unique_counts

TEXTS = ["cox pis xidmet, hec kim cavab vermir", "ela, tesekkur edirem :)", "su yoxdur su yoxdur", ""]


@pytest.mark.parametrize("analyzer", ["char", "char_wb"])
def test_counts_every_character_ngram_scikit_learn_counts(analyzer: str) -> None:
    hasher = NgramHasher(char_ngrams=(2, 5), char_analyzer=analyzer, word_ngrams=(0, 0))
    reference = CountVectorizer(analyzer=analyzer, ngram_range=(2, 5), lowercase=False)
    for text in TEXTS[:3]:
        docs, _ = hasher.char_entries([text])
        assert len(docs) == len(reference.build_analyzer()(text))


def test_word_ngrams_stay_inside_each_text() -> None:
    hasher = NgramHasher(word_ngrams=(1, 2))
    docs, _ = hasher.word_entries(["a b", "c"])
    assert sorted(docs.tolist()) == [0, 0, 0, 1]  # "a", "b", "a b" | "c": no "b c" across texts


def test_within_word_ngrams_never_cross_a_space() -> None:
    hasher = NgramHasher(char_ngrams=(3, 3), char_analyzer="char_wb", word_ngrams=(0, 0))
    _, together = hasher.char_entries(["ab cd"])
    _, apart = hasher.char_entries(["ab", "cd"])
    assert sorted(together.tolist()) == sorted(apart.tolist())


def test_same_ngram_same_column_in_any_text_and_any_process() -> None:
    hasher = NgramHasher()
    first = hasher.counts(["su yoxdur"])
    second = hasher.counts(["bizim kenddə su yoxdur"])
    assert set(first.indices) <= set(second.indices)
    code = ("from aigov.ml.hashing import NgramHasher; "
            "print(sorted(NgramHasher().counts(['su yoxdur']).indices.tolist()))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "123", "PATH": ""})
    assert other.stdout.strip() == str(sorted(first.indices.tolist()))


def test_tfidf_rows_have_unit_length_per_block_and_transform_matches_fit() -> None:
    features, x = HashedTfidf.fit(NgramHasher(), TEXTS)
    again = features.transform(TEXTS)
    assert abs(x - again).max() < 1e-6
    for row in range(3):
        r = again[row]
        is_char = r.indices < features.n_char
        assert np.isclose(np.sum(r.data[is_char] ** 2), 1.0)
        assert np.isclose(np.sum(r.data[~is_char] ** 2), 1.0)
    assert again[3].nnz == 0  # an empty text has no features and no division by zero


def test_unknown_ngrams_are_ignored_after_pruning() -> None:
    features, x = HashedTfidf.fit(NgramHasher(), TEXTS)
    kept = features.subset(np.arange(0, features.n_features, 2))
    y = kept.transform(["tamamilə yeni mətn burada", TEXTS[0]])
    assert y.shape == (2, kept.n_features)
    assert set(kept.columns[y[1].indices]) <= set(kept.columns)


def test_a_feature_is_named_by_the_ngram_of_the_text() -> None:
    features, x = HashedTfidf.fit(NgramHasher(), TEXTS)
    columns = features.columns[x[0].indices].tolist()
    found = features.hasher.detail(TEXTS).locate([(0, c) for c in columns])
    names = {features.display(found.get((0, c)), c) for c in columns}
    assert "‹ pis›" in names or "‹pis ›" in names
    assert "pis" in names and "cox pis" in names
    for name in names:  # character n-grams are substrings; word n-grams are tokens joined by a space
        if name.startswith("‹"):
            assert name[1:-1] in TEXTS[0]
        else:
            assert all(token in TEXTS[0] for token in name.split(" "))


def test_unique_counts_are_those_of_one_sort_of_the_whole_batch() -> None:
    rng = np.random.default_rng(0)
    for n_texts, n_entries, n_columns in [(1, 5, 3), (7, 300, 11), (40, 2000, 1000), (3, 0, 5)]:
        docs, cols = rng.integers(0, n_texts, n_entries), rng.integers(0, n_columns, n_entries)
        keys, counts = np.unique(docs * n_columns + cols, return_counts=True)
        got = unique_counts(docs, cols, n_columns)
        assert [a.tolist() for a in got] == [(keys // n_columns).tolist(), (keys % n_columns).tolist(),
                                             counts.tolist()]


def test_word_tokens_are_those_of_scikit_learns_pattern() -> None:
    reference = re.compile(r"(?u)\b\w+\b|[^\w\s]")
    for text in [*TEXTS, "a_b __ 1,5 kv.12 don't «çox» e\u0301 x\u0301y", "".join(map(chr, range(0x2000)))]:
        assert WORD_PATTERN.findall(text) == reference.findall(text)
