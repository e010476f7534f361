"""Offline STT accuracy benchmark (not a test): prints figures. Run from addon/ in its env.

    cd addon && .venv/bin/python -m bench.stt_accuracy [--repeats 1] [--seed 8] [--snr 10]

Speaks a corpus with espeak-ng (voices en-us, en-gb, en+m3, en+f2 at 140-200 words per minute),
in seeded room noise at 10 dB SNR, after 0-1 s of lead-in, two times in three after "jarvis" / "hey
jarvis" and a pause (``tests/voice/corpus.py``), and feeds each clip to the offline recognizer
as the Wyoming server does. Figures, by category:

- grammar sentences: exact canonical text (overall and at each lead-in);
- paraphrases ("continue the print", "abort the print", "switch on ..."): right action;
- out-of-grammar speech and JARVIS replies: wrong control command (anything but ``""`` or a
  status question);
- decode time per utterance (s): mean and 95th percentile, one CPU thread.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter

from holomat_addon.voice.sphinx import CommandRecognizer
from tests.voice.corpus import LEAD_INS, NAMES, SNR_DB, corpus

# Clips per sentence: grammar sentences at each lead-in, the others at a random one.
REPEATS = {"grammar": 3, "paraphrase": 4, "out_of_grammar": 6, "reply": 8}
STATUS = ("what is the status", "how long is left", "is the ")


def is_control(text: str) -> bool:
    """Return whether a transcript is a command that changes something (not a status question)."""
    return bool(text) and not text.startswith(STATUS)


def figure(label: str, count: int, total: int) -> None:
    """Print one rate as a percentage with its counts."""
    print(f"{label + ':':40s} {100 * count / max(total, 1):5.1f} % ({count}/{total})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=1, help="scale the corpus by this")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--snr", type=float, default=SNR_DB, help="noise level, dB SNR")
    args = parser.parse_args()
    clips = corpus({k: v * args.repeats for k, v in REPEATS.items()}, seed=args.seed, snr=args.snr)
    recognizer = CommandRecognizer(NAMES)
    counts: Counter[tuple[str, str]] = Counter()
    by_lead_in: Counter[tuple[float, bool]] = Counter()
    times = []
    for clip in clips:
        start = time.perf_counter()
        text = recognizer.recognize(clip.pcm)
        times.append(time.perf_counter() - start)
        if clip.category in ("grammar", "paraphrase"):
            outcome = "right" if text == clip.expected else "wrong" if text else "rejected"
        else:
            outcome = "wrong" if is_control(text) else "safe"
        counts[clip.category, outcome] += 1
        if clip.category == "grammar":
            by_lead_in[clip.lead_in, outcome == "right"] += 1

    def total(category: str) -> int:
        return sum(n for (c, _), n in counts.items() if c == category)

    print(f"noise: {args.snr:g} dB SNR; clips: {len(clips)}")
    figure("grammar sentences, exact intent", counts["grammar", "right"], total("grammar"))
    for lead_in in LEAD_INS:
        right = by_lead_in[lead_in, True]
        figure(f"  at lead-in {lead_in:.1f} s", right, right + by_lead_in[lead_in, False])
    figure("paraphrases, right action", counts["paraphrase", "right"], total("paraphrase"))
    for category in ("out_of_grammar", "reply"):
        figure(f"{category}, wrong control command", counts[category, "wrong"], total(category))
    for category in REPEATS:
        outcomes = {o: n for (c, o), n in sorted(counts.items()) if c == category}
        print(f"  {category}: {outcomes}")
    times.sort()
    print(
        f"decode time per utterance: mean {statistics.mean(times):.3f} s, "
        f"p95 {times[int(0.95 * (len(times) - 1))]:.3f} s"
    )


if __name__ == "__main__":
    main()
