"""Offline STT accuracy benchmark (not a test): prints figures. Run from addon/ in its env.

    cd addon && .venv/bin/python -m bench.stt_accuracy [--repeats 1] [--seed 8]

Speaks a corpus with espeak-ng (voices en-us, en-gb, en+m3, en+f2 at 140-200 words per minute),
in seeded room noise at 10 dB SNR, after 0-1 s of lead-in, half the time after "jarvis" / "hey
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
from tests.voice.corpus import LEAD_INS, NAMES, corpus

# Clips per sentence: grammar sentences at each lead-in, the others at a random one.
REPEATS = {"grammar": 3, "paraphrase": 4, "out_of_grammar": 6, "reply": 8}
STATUS = ("what is the status", "how long is left", "is the ")


def is_control(text: str) -> bool:
    """Return whether a transcript is a command that changes something (not a status question)."""
    return bool(text) and not text.startswith(STATUS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=1, help="scale the corpus by this")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    clips = corpus({k: v * args.repeats for k, v in REPEATS.items()}, seed=args.seed)
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

    def rate(category: str, outcome: str) -> str:
        total = sum(n for (c, _), n in counts.items() if c == category)
        return f"{100 * counts[category, outcome] / total:.1f} % ({counts[category, outcome]}/{total})"

    print(f"clips: {len(clips)} ({', '.join(f'{k} {v * args.repeats}x' for k, v in REPEATS.items())})")
    print(f"grammar sentences, exact intent:      {rate('grammar', 'right')}")
    for lead_in in LEAD_INS:
        right, total = by_lead_in[lead_in, True], by_lead_in[lead_in, True] + by_lead_in[lead_in, False]
        print(f"  lead-in {lead_in:.1f} s:                     {100 * right / total:.1f} % ({right}/{total})")
    print(f"paraphrases, right action:            {rate('paraphrase', 'right')}")
    print(f"out-of-grammar, wrong control command: {rate('out_of_grammar', 'wrong')}")
    print(f"JARVIS replies, wrong control command: {rate('reply', 'wrong')}")
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
