"""Benchmark repeated-passage detection on a synthetic corpus of N and 2N sentences.

    python benchmarks/passages_bench.py --sentences 1000000 --json

Sentences are drawn from a Zipf-distributed vocabulary of pseudo-words plus common English
function words, each with one to three figures. About 1 % are exact copies of an earlier
sentence, 1 % copies with one figure changed and 0.3 % truncated copies ("… "); the
benchmark checks that every injected copy is found. ``search_repeats`` is timed on N sentences
and on 2N in the same run; the growth ratio tells whether the method scales (about 2 for
linear work). Prints one JSON line with ``--json``: the figures asked for (sentences, seconds,
seconds_2x, growth_ratio, repeats_found, injected_found_all) and, since wall time suffers on a
shared machine, CPU seconds and peak memory (RSS, MB, including the generated corpus).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.read.passages import search_repeats  # noqa: E402
from auditor.read.sources import Passage  # noqa: E402

FUNCTION_WORDS = ("the of and to in a is that for was on are with as by at from were this have "
                  "has had not which their its also than been more other after between under "
                  "about over into during such these those while".split())
SENTENCES_PER_DOCUMENT = 500


def _vocabulary(rng: np.random.Generator, size: int) -> list[str]:
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ia", "ou")]
    words = set()
    while len(words) < size:
        count = int(rng.integers(2, 5))
        words.add("".join(syllables[i] for i in rng.integers(0, len(syllables), count)))
    return sorted(words)


def _figure(rng: np.random.Generator) -> str:
    value = int(rng.integers(2, 2_000_000))
    style = int(rng.integers(0, 5))
    if style == 0:
        return f"{value:,}"
    if style == 1:
        return f"{value % 100}%"
    if style == 2:
        return f"${value:,}"
    if style == 3:
        return f"{value / 1000:.1f} million"
    return str(value % 1000)


def generate(n: int, seed: int) -> tuple[list[Passage], list[tuple[int, int]]]:
    """``n`` passages and the injected (original, copy) index pairs."""
    rng = np.random.default_rng(seed)
    vocabulary = _vocabulary(rng, 40_000)
    weights = 1.0 / np.arange(1, len(vocabulary) + 1) ** 1.05
    content = rng.choice(len(vocabulary), size=n * 20, p=weights / weights.sum())
    texts: list[str] = []
    injected: list[tuple[int, int]] = []
    figures_at: list[list[int] | None] = []  # figure positions of originals (None: a copy)
    cursor = 0
    kinds = rng.random(n)
    for i in range(n):
        if i > 100 and kinds[i] < 0.023:
            original = int(rng.integers(0, i))
            while figures_at[original] is None:  # copy an original sentence, not a copy
                original = int(rng.integers(0, i))
            words = texts[original].split(" ")
            truncatable = len(words) >= 10 and len(texts[original]) >= 60
            if kinds[i] < 0.01 or (kinds[i] >= 0.02 and not truncatable):
                text = texts[original]
            elif kinds[i] < 0.02:
                position = figures_at[original][0]
                changed = list(words)
                while changed[position] == words[position]:
                    changed[position] = _figure(rng).replace(" ", "\u00a0")
                text = " ".join(changed)
            else:
                # Cut after at least 6 words and 40 characters: shorter passages are ignored.
                keep = max(6, int(len(words) * rng.uniform(0.5, 0.85)))
                while len(" ".join(words[:keep])) < 40:
                    keep += 1
                text = " ".join(words[:keep]).rstrip(".,") + " …"
            texts.append(text)
            figures_at.append(None)
            injected.append((original, i))
            continue
        length = int(rng.integers(8, 25))
        words = []
        for _ in range(length):
            if rng.random() < 0.4:
                words.append(FUNCTION_WORDS[int(rng.integers(0, len(FUNCTION_WORDS)))])
            else:
                words.append(vocabulary[content[cursor % len(content)]])
                cursor += 1
        positions = sorted(set(int(p) for p in rng.integers(1, length, int(rng.integers(1, 4)))))
        for p in positions:
            # A no-break space keeps "6.7 million" one word of the sentence for the injections.
            words[p] = _figure(rng).replace(" ", "\u00a0")
        words[0] = words[0].capitalize()
        texts.append(" ".join(words) + ".")
        figures_at.append(positions)
    passages = []
    offset = 0
    for i, text in enumerate(texts):
        if i % SENTENCES_PER_DOCUMENT == 0:
            offset = 0
        passages.append(Passage(f"doc{i // SENTENCES_PER_DOCUMENT:06d}.txt", i % SENTENCES_PER_DOCUMENT,
                                offset, offset + len(text), text))
        offset += len(text) + 1
    return passages, injected


def _all_found(search, passages: list[Passage], injected: list[tuple[int, int]]) -> bool:
    """Every injected copy ends up in the same group of repeats as its original.

    A group is what the search pairs, or a template it reports: an original that drew two
    copies with different figures in other documents is a sentence in three documents with
    three sets of figures, which the search reports as a template instead of pairing them.
    """
    place = {(p.source, p.start): i for i, p in enumerate(passages)}
    parent = list(range(len(passages)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links = [(r.first, r.second) for r in search.repeats]
    links += [(t.passages[0], other) for t in search.templates for other in t.passages[1:]]
    for first, second in links:
        a, b = root(place[(first.source, first.start)]), root(place[(second.source, second.start)])
        parent[a] = b
    return all(root(a) == root(b) for a, b in injected)


def run(n: int, seed: int) -> dict:
    """Time search_repeats on n sentences, check the injections; return the figures."""
    passages, injected = generate(n, seed)
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    search = search_repeats(passages)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu, "repeats_found": len(search.repeats),
            "templates": len(search.templates), "injected": len(injected),
            "found_all": _all_found(search, passages, injected),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args()
    single = run(args.sentences, args.seed)
    double = run(2 * args.sentences, args.seed + 1)
    result = {
        "sentences": args.sentences,
        "seconds": round(single["seconds"], 2),
        "seconds_2x": round(double["seconds"], 2),
        "growth_ratio": round(double["seconds"] / single["seconds"], 2),
        "repeats_found": single["repeats_found"],
        "templates_found": single["templates"],
        "injected_found_all": single["found_all"] and double["found_all"],
        # Extra figures: CPU time (the machine may be shared) and peak memory after N and 2N.
        "cpu_seconds": round(single["cpu_seconds"], 2),
        "cpu_seconds_2x": round(double["cpu_seconds"], 2),
        "peak_rss_mb": single["peak_rss_mb"],
        "peak_rss_mb_2x": double["peak_rss_mb"],
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>20}: {value}")


if __name__ == "__main__":
    main()
