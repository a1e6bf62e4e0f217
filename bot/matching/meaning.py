"""What a text means, as a vector: the static embedding model reportbot ships.

Words alone miss a reader who says "split up families" for "separated children". A static
embedding model (a model2vec distillation of all-MiniLM-L6-v2, built by
``scripts/distill_embeddings.py`` and shipped in ``embedding_model/``) maps each word piece to a
vector; a text's vector is the normalised mean of its pieces'. That is all model2vec's
``StaticModel.encode`` does, so it is done here with the tokenizer and the weights directly:
nothing is downloaded, no torch, and loading costs about a tenth of a second.

The model's vocabulary doubles as a list of ordinary English words: a word it holds whole is a
real word ("bass"), never a misspelling of a name the pack knows ("Bash").
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).resolve().parent / "embedding_model"
_BATCH = 4096
_WORDS_KEPT = 16_384  # single words' vectors kept (256 float32 each: 16 MB at most)


class Encoder:
    """Texts to unit vectors (float32) in the shipped model's space."""

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        self.model_dir = model_dir  # what the index cache fingerprints
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_truncation()
        # Kept as stored (float16): a text's few rows are widened when it is encoded, which
        # gives the same sums and spares the load a conversion of the whole table.
        self._vectors = load_file(str(model_dir / "model.safetensors"))["embeddings"]
        self._unk = self._tokenizer.token_to_id("[UNK]")
        self.dimensions = int(self._vectors.shape[1])
        self._words: dict[str, np.ndarray] = {}

    @cached_property
    def words(self) -> frozenset[str]:
        """Whole words of the vocabulary (not "##" continuations, not special tokens)."""
        # "##ing" and "[CLS]" are not alphabetic: the filter alone leaves the whole words
        return frozenset(filter(str.isalpha, self._tokenizer.get_vocab()))

    def encode(self, texts: list[str], dtype: type = np.float32) -> np.ndarray:
        """One unit row per text; a text with no known piece gets a zero row (similar to
        nothing). Large inputs are encoded in batches straight into ``dtype`` (float16 for a
        big pack's phrasings), so no full float32 copy is ever held."""
        out = np.zeros((len(texts), self.dimensions), dtype=dtype)
        for start in range(0, len(texts), _BATCH):
            batch = texts[start : start + _BATCH]
            encodings = self._tokenizer.encode_batch_fast(batch, add_special_tokens=False)
            rows = np.zeros((len(batch), self.dimensions), dtype=np.float32)
            for row, encoding in enumerate(encodings):
                ids = [i for i in encoding.ids if i != self._unk]
                if ids:
                    rows[row] = self._vectors[ids].astype(np.float32).mean(axis=0)
            norms = np.linalg.norm(rows, axis=1, keepdims=True)
            np.divide(rows, norms, out=rows, where=norms > 0)
            out[start : start + len(batch)] = rows
        return out

    def encode_words(self, words: Sequence[str]) -> np.ndarray:
        """:meth:`encode` for single words, each encoded once: the words of the facts a value
        check compares are the same few thousand whatever the question."""
        found = {word: self._words.get(word) for word in words}
        missing = [word for word, row in found.items() if row is None]
        if missing:
            rows = self.encode(missing)
            if len(self._words) + len(missing) > _WORDS_KEPT:
                self._words = {}  # a new table, never one another thread is reading cleared
            for word, row in zip(missing, rows, strict=True):
                found[word] = self._words[word] = row
        return np.stack([found[word] for word in words])


_shared: Encoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> Encoder:
    """One encoder per process: the weights are read once, whatever the number of reloads."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = Encoder()
    return _shared
