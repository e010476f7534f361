"""The quality signal a job reports: how usable the input was for the method, 0 to 1."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quality:
    """A score from 0 (useless) to 1 (clean) and the sentence that explains it.

    For ``silhouette`` the score measures how cleanly the subject came apart from its
    background (1.0 for a transparent cut-out or a drawing); for ``relief`` it measures the
    tonal range the image had before its contrast was stretched.
    """

    score: float
    reason: str

    def as_dict(self) -> dict[str, float | str]:
        """Return the JSON object the API reports: ``{"score": 0.83, "reason": "..."}``."""

        return {"score": round(self.score, 3), "reason": self.reason}
