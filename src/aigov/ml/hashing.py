"""Character and word n-grams hashed into columns with numpy, without building n-gram strings.

scikit-learn's ``TfidfVectorizer`` builds every n-gram as a Python string and looks it up in a dict, one
at a time: about 0.65 ms for a 200-character message, most of the analysis pipeline's time. Here the
characters of a whole batch become one array of code points, each n-gram's hash is computed for all
positions at once (a polynomial rolling hash, then the splitmix64 finaliser), and the counts per message
come from one sparse-matrix conversion: the same features in a tenth of the time.

Character n-grams ``"char"`` may cross word boundaries (as scikit-learn's ``analyzer="char"``);
``"char_wb"`` keeps them within words padded with a space (as ``analyzer="char_wb"``). Word n-grams use
the token pattern ``\\b\\w+\\b|[^\\w\\s]``. Columns [0, 2**char_bits) hold character n-grams, the next
2**word_bits hold word n-grams. Hashing is deterministic (no Python ``hash``), so a saved model gives the
same columns in every process. :meth:`NgramDetail.locate` names the n-gram behind a column in a given
text, for explanations.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

SEP = 0  # code point that separates texts (and, for char_wb, words) in the batch buffer
_P = np.uint64(0x100000001B3)  # rolling-hash multiplier (the 64-bit FNV prime: odd, well mixed)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_SALT = 0x9E3779B97F4A7C15  # makes n-grams of different lengths hash apart
# The tokens of r"\b\w+\b|[^\w\s]" (a run of word characters always has a boundary at both ends): the
# boundary tests cost a fifth of the search.
WORD_PATTERN = re.compile(r"\w+|[^\w\s]")


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves about half the output bits (wraps modulo 2**64)."""
    x = x ^ (x >> np.uint64(30))  # a new array: the later steps work on it in place
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def _parts(texts: Sequence[str], within_words: bool) -> list[str]:
    """Each text as its character n-grams are taken from (words padded and apart for ``char_wb``)."""
    if within_words:
        return ["\x00".join(f" {w} " for w in t.split()) for t in texts]
    return [t.replace("\x00", " ") for t in texts]


def _char_buffer(texts: Sequence[str], within_words: bool) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The batch as code points (uint64), the text index of each position, and the per-text strings."""
    parts = _parts(texts, within_words)
    joined = "\x00".join(parts) + "\x00"
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    doc_of = np.repeat(np.arange(len(parts), dtype=np.int64), [len(p) + 1 for p in parts])
    return codes, doc_of, parts


@dataclass(frozen=True)
class NgramHasher:
    """Which n-grams make a text's features, and how many hash columns hold them."""

    char_ngrams: tuple[int, int] = (2, 5)
    char_analyzer: str = "char"  # or "char_wb"
    word_ngrams: tuple[int, int] = (1, 2)
    char_bits: int = 21
    word_bits: int = 20

    @property
    def n_columns(self) -> int:
        return (1 << self.char_bits) + (1 << self.word_bits)

    @property
    def word_offset(self) -> int:
        return 1 << self.char_bits

    def _all_char_hashes(
        self, codes: np.ndarray, low: int, high: int
    ) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
        """(n, start positions, columns) of the valid n-grams of each length ``n`` from ``low`` to ``high``.

        The rolling hash of the n-grams of one length is extended by one character to the next length (the
        same numbers as computing each length afresh, in fewer passes), and the separators are counted once.
        """
        is_sep = np.concatenate([[0], np.cumsum(codes == SEP)])
        h = codes.copy()
        for n in range(1, high + 1):
            if len(codes) < n:  # too short for this length (and every longer one)
                if n >= low:
                    yield n, np.zeros(0, np.int64), np.zeros(0, np.int64)
                continue
            if n > 1:
                h = h[:-1] * _P + codes[n - 1 :]
            if n >= low:
                starts = np.flatnonzero(is_sep[n:] == is_sep[:-n])  # no separator inside
                cols = _mix(h[starts] + np.uint64((n * _SALT) % (1 << 64))) >> np.uint64(64 - self.char_bits)
                yield n, starts, cols.astype(np.int64)

    def char_entries(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(text index, column) for every character n-gram of every text."""
        docs, cols, _, _ = self._char_detail(texts)
        return docs, cols

    def _char_detail(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Text index, column, start in the text's (padded) string and length of every character n-gram."""
        pieces, _ = self._char_pieces(texts)
        return tuple(np.concatenate(a) for a in pieces)  # type: ignore[return-value]

    def _char_pieces(self, texts: Sequence[str]) -> tuple[list[list[np.ndarray]], list[str]]:
        """:meth:`_char_detail`'s four arrays as one piece per n-gram length, and the per-text strings."""
        codes, doc_of, parts = _char_buffer(texts, self.char_analyzer == "char_wb")
        offsets = np.concatenate([[0], np.cumsum([len(p) + 1 for p in parts])])
        docs, cols, starts, lengths = [], [], [], []
        for n, at, c in self._all_char_hashes(codes, *self.char_ngrams):
            doc = doc_of[at]
            docs.append(doc)
            cols.append(c)
            starts.append(at - offsets[doc])
            lengths.append(np.full(len(at), n, dtype=np.int64))
        return [docs, cols, starts, lengths], parts

    def _token_hashes(self, tokens: list[str]) -> np.ndarray:
        unique: dict[str, int] = dict.fromkeys(tokens, 0)
        for tok in unique:
            unique[tok] = zlib.crc32(tok.encode("utf-8"))
        return np.fromiter(map(unique.__getitem__, tokens), dtype=np.uint64, count=len(tokens))

    def word_entries(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(text index, column) for every word n-gram of every text."""
        docs, cols, _, _, _ = self._word_detail(texts)
        return docs, cols

    def _word_detail(self, texts: Sequence[str]
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
        """Text index, column, first token (index into the batch's tokens) and length of every word
        n-gram, and the batch's tokens."""
        pieces, tokens = self._word_pieces(texts)
        if not pieces[0]:
            empty = np.zeros(0, np.int64)
            return empty, empty, empty, empty, tokens
        docs, cols, firsts, sizes = (np.concatenate(a) for a in pieces)
        return docs, cols, firsts, sizes, tokens

    def _word_pieces(self, texts: Sequence[str]) -> tuple[list[list[np.ndarray]], list[str]]:
        """:meth:`_word_detail`'s four arrays as one piece per n-gram length (none without tokens), and the
        batch's tokens."""
        pieces: list[list[np.ndarray]] = [[], [], [], []]
        if self.word_ngrams[1] < 1:
            return pieces, []
        token_lists = [WORD_PATTERN.findall(t) for t in texts]
        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
        tokens = [tok for toks in token_lists for tok in toks]
        if not tokens:
            return pieces, []
        base = self._token_hashes(tokens)
        doc = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        docs, cols, firsts, sizes = pieces
        h = base.copy()
        for n in range(1, self.word_ngrams[1] + 1):
            if n > 1:
                h = h[:-1] * _P + base[n - 1:]
            if n >= self.word_ngrams[0]:
                keep = np.flatnonzero(doc[n - 1:] == doc[: len(doc) - n + 1])
                docs.append(doc[keep])
                cols.append((_mix(h[keep] + np.uint64(n)) >> np.uint64(64 - self.word_bits)).astype(np.int64)
                            + self.word_offset)
                firsts.append(keep)
                sizes.append(np.full(len(keep), n, dtype=np.int64))
        return pieces, tokens

    def detail(self, texts: Sequence[str]) -> NgramDetail:
        """Every character and word n-gram of every text, with where it is (for naming it later)."""
        (d1, c1, s1, n1), parts = self._char_pieces(texts)
        (d2, c2, s2, n2), tokens = self._word_pieces(texts)  # each array is joined once, not twice
        return NgramDetail(parts=parts, tokens=tokens,
                           docs=np.concatenate(d1 + d2), cols=np.concatenate(c1 + c2),
                           starts=np.concatenate(s1 + s2), sizes=np.concatenate(n1 + n2),
                           n_char=sum(map(len, d1)), n_columns=self.n_columns)

    def entries(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(text index, column) of every character and word n-gram of every text."""
        d1, c1 = self.char_entries(texts)
        d2, c2 = self.word_entries(texts)
        return np.concatenate([d1, d2]), np.concatenate([c1, c2])

    def counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """How often each hashed n-gram occurs in each text: (texts x n_columns), float32."""
        docs, cols = self.entries(texts)
        matrix = sp.csr_matrix((np.ones(len(docs), dtype=np.float32), (docs, cols)),
                               shape=(len(texts), self.n_columns))
        matrix.sum_duplicates()
        return matrix


@dataclass
class NgramDetail:
    """A batch's n-grams: text index and column of each, and where it sits (character n-grams first)."""

    parts: list[str]  # each text as its character n-grams were taken from
    tokens: list[str]  # the batch's word tokens, in order
    docs: np.ndarray
    cols: np.ndarray
    starts: np.ndarray  # character offset in its part, or index of its first token
    sizes: np.ndarray  # characters, or tokens
    n_char: int  # entries before this index are character n-grams
    n_columns: int

    def name(self, i: int) -> str:
        start, size = int(self.starts[i]), int(self.sizes[i])
        if i < self.n_char:
            return self.parts[int(self.docs[i])][start:start + size]
        return " ".join(self.tokens[start:start + size])

    def locate(self, wanted: Iterable[tuple[int, int]]) -> dict[tuple[int, int], str]:
        """For each (text index, column) in ``wanted``, the first n-gram of that text in it."""
        keys = np.array(sorted({d * self.n_columns + c for d, c in wanted}), dtype=np.int64)
        found: dict[tuple[int, int], str] = {}
        if not len(keys):
            return found
        # Entries in a wanted column (of any text) first, by a table over the columns: the few of them are
        # then matched on (text, column); a search of every entry among the keys cost five times more.
        wanted_column = np.zeros(self.n_columns, dtype=bool)
        wanted_column[keys % self.n_columns] = True
        near = np.flatnonzero(wanted_column[self.cols])
        entry_keys = self.docs[near] * self.n_columns + self.cols[near]
        at = np.minimum(np.searchsorted(keys, entry_keys), len(keys) - 1)
        hits = near[keys[at] == entry_keys]
        docs, cols = self.docs[hits].tolist(), self.cols[hits].tolist()
        for i, doc, col in zip(hits.tolist(), docs, cols, strict=True):
            if (doc, col) not in found:
                found[(doc, col)] = self.name(i)
        return found


def unique_counts(docs: np.ndarray, cols: np.ndarray, n_columns: int
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each distinct (text index, column) once, sorted, with how often it occurs.

    The entries are grouped by text first (a stable radix sort of the small text indices) and then each
    text's few hundred keys are sorted on their own, in cache: about three times faster than one sort of
    the whole batch (benchmarks/pipeline.py), with the same result.
    """
    docs = np.asarray(docs, dtype=np.int64)
    keys = docs * n_columns + np.asarray(cols, dtype=np.int64)
    if not len(keys):
        return keys, keys, keys
    n_docs = int(docs.max()) + 1
    by_doc = docs.astype(np.uint16) if n_docs <= 1 << 16 else docs
    keys = keys[np.argsort(by_doc, kind="stable")]
    per_doc = np.bincount(docs, minlength=n_docs)
    bounds = np.cumsum(per_doc).tolist()
    start = 0
    for end in bounds:
        if end - start > 1:
            keys[start:end].sort()
        start = end
    first = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    counts = np.diff(np.append(first, len(keys)))
    distinct_docs = np.repeat(np.arange(n_docs, dtype=np.int64), per_doc)[first]
    return distinct_docs, keys[first] - distinct_docs * n_columns, counts


class HashedTfidf:
    """TF-IDF (sublinear tf, smooth idf, l2 per block) over the hashed columns a model keeps.

    Character and word blocks are normalised separately, as two scikit-learn vectorizers side by side
    would be. ``columns`` are the hashed columns kept (sorted); a text's n-grams in other columns are
    ignored.
    """

    def __init__(self, hasher: NgramHasher, columns: np.ndarray, idf: np.ndarray):
        self.hasher = hasher
        self.columns = np.asarray(columns, dtype=np.int64)
        self.idf = np.asarray(idf, dtype=np.float16).astype(np.float32)  # as precise as it is stored
        self.n_char = int(np.searchsorted(self.columns, hasher.word_offset))
        self._lookup: np.ndarray | None = None

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_lookup"] = None  # rebuilt on first use: 12 MB in memory, nothing on disk
        state["columns"] = np.diff(self.columns, prepend=0).astype(np.uint32)  # small gaps compress well
        state["idf"] = self.idf.astype(np.float16)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.columns = np.cumsum(np.asarray(self.columns, dtype=np.int64))
        self.idf = np.asarray(self.idf, dtype=np.float32)

    @classmethod
    def fit(cls, hasher: NgramHasher, texts: Sequence[str], min_df: int = 1, chunk: int = 20_000
            ) -> tuple[HashedTfidf, sp.csr_matrix]:
        """Columns seen in at least ``min_df`` texts, their idf, and the texts' TF-IDF matrix."""
        counts = sp.vstack([hasher.counts(texts[i:i + chunk]) for i in range(0, len(texts), chunk)],
                           format="csr")
        df = np.bincount(counts.indices, minlength=hasher.n_columns)
        columns = np.flatnonzero(df >= max(min_df, 1))
        idf = np.log((1 + len(texts)) / (1 + df[columns])) + 1.0
        features = cls(hasher, columns, idf)
        return features, features._weigh(counts[:, columns])

    def subset(self, keep: np.ndarray) -> HashedTfidf:
        """The same features restricted to the kept positions ``keep`` (sorted indices into columns)."""
        keep = np.sort(np.asarray(keep, dtype=np.int64))
        return HashedTfidf(self.hasher, self.columns[keep], self.idf[keep])

    @property
    def n_features(self) -> int:
        return len(self.columns)

    def lookup(self) -> np.ndarray:
        if self._lookup is None:
            table = np.full(self.hasher.n_columns, -1, dtype=np.int32)
            table[self.columns] = np.arange(len(self.columns), dtype=np.int32)
            self._lookup = table
        return self._lookup

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        docs, hashed = self.hasher.entries(texts)
        return self.from_counts(len(texts), *unique_counts(docs, hashed, self.hasher.n_columns))

    def from_counts(self, n_texts: int, docs: np.ndarray, hashed: np.ndarray, counts: np.ndarray
                    ) -> sp.csr_matrix:
        """The TF-IDF matrix from :func:`unique_counts` (sorted by text, then column)."""
        cols = self.lookup()[hashed]
        known = np.flatnonzero(cols >= 0)  # positions, taken from each array: cheaper than a boolean mask
        docs, cols, counts = docs.take(known), cols.take(known).astype(np.int32), counts.take(known)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(docs, minlength=n_texts))])
        x = sp.csr_matrix((counts.astype(np.float32), cols, indptr), shape=(n_texts, len(self.columns)))
        x.has_canonical_format = True  # the lookup keeps the hashed order: sorted, no duplicates
        return self._weigh(x)

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Sublinear tf x idf, each block (characters, words) scaled to unit length per text."""
        x = counts.astype(np.float32, copy=True)
        x.sum_duplicates()
        x.data = (1.0 + np.log(x.data)) * self.idf[x.indices]
        cell = np.repeat(np.arange(x.shape[0]) * 2, np.diff(x.indptr)) + (x.indices >= self.n_char)
        norms = np.sqrt(np.bincount(cell, weights=x.data.astype(np.float64) ** 2, minlength=2 * x.shape[0]))
        norms[norms == 0] = 1.0
        x.data /= norms[cell].astype(np.float32)
        return x

    def display(self, gram: str | None, column: int) -> str:
        """How an explanation shows a column's n-gram: characters in ‹›, words as they are."""
        if gram is None:
            return f"#{column}"
        return gram if column >= self.hasher.word_offset else f"‹{gram}›"
