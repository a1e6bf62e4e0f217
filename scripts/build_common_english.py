"""Build the list of common English words reportbot ships, from wordfreq's English word list.

A development step, not an install or run-time one: it needs ``wordfreq``, which reportbot
itself never imports. Run it in a throwaway environment:

    python3 -m venv /tmp/wordfreq
    /tmp/wordfreq/bin/pip install wordfreq==3.1.1
    /tmp/wordfreq/bin/python scripts/build_common_english.py

It writes ``bot/matching/common_english/words.txt`` (every alphabetic word of wordfreq's small
English list at or above ``MIN_ZIPF``, sorted) and ``ATTRIBUTION.txt`` beside it. The data is
licensed CC BY-SA 4.0 (``LICENSE`` beside it, the licence's legal text, committed once). The
result is byte-identical on a rerun with the same version.
"""

from __future__ import annotations

import argparse
from pathlib import Path

# Zipf 4.5 is about 30 uses per million words: "overall", "specifically", "fair", "job". Rarer
# words ("aclu", "nutshell", most surnames) stay what an unknown word is: a topic the pack lacks.
MIN_ZIPF = 4.5
TARGET = Path(__file__).resolve().parent.parent / "bot" / "matching" / "common_english"

ATTRIBUTION = """\
words.txt: the {count} alphabetic words of wordfreq {version}'s small English word list
(https://github.com/rspeer/wordfreq) with a Zipf frequency of at least {zipf}, one per line,
sorted. Built by scripts/build_common_english.py.

wordfreq is by Robyn Speer. Its data files may be redistributed under the Creative Commons
Attribution-ShareAlike 4.0 licence (LICENSE beside this file); this list is derived from them
and is distributed under the same licence. wordfreq's data is drawn from Google Books Ngrams
(http://books.google.com/ngrams), the Leeds Internet Corpus (University of Leeds Centre for
Translation Studies), Wikipedia, ParaCrawl, OpenSubtitles, SUBTLEX (SUBTLEX is freely
available data; credit to the SUBTLEX authors: Marc Brysbaert et al.), Reddit, Twitter word
counts and other sources; see wordfreq's README for the full list and terms.
"""


def main() -> int:
    import wordfreq

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=TARGET)
    args = parser.parse_args()
    words = sorted(
        {
            word
            for word in wordfreq.iter_wordlist("en", "small")
            if word.isascii()
            and word.isalpha()
            and wordfreq.zipf_frequency(word, "en", "small") >= MIN_ZIPF
        }
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    version = getattr(wordfreq, "__version__", None) or _version("wordfreq")
    (args.out / "ATTRIBUTION.txt").write_text(
        ATTRIBUTION.format(count=len(words), version=version, zipf=MIN_ZIPF), encoding="utf-8"
    )
    print(f"{len(words)} words written to {args.out}")
    return 0


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    raise SystemExit(main())
