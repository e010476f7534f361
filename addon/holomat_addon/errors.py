"""The one error style of the add-on: a stable code, an HTTP status and a sentence for a human.

Both servers report failures the same way: the image → STL API answers JSON
``{"error": code, "message": sentence}`` with ``status``; the Wyoming voice server sends an
``error`` event whose ``code`` is ``code`` and whose ``text`` is the sentence. The codes are
part of the wire contract (the HoloMat integration tells some of them apart): never rename one.
"""

from __future__ import annotations

from typing import Any, ClassVar


class AddonError(Exception):
    """Base class of every failure the add-on reports to a client.

    ``code`` is the stable machine-readable name (snake_case over HTTP, kebab-case over Wyoming,
    as each protocol's clients already read them), ``status`` the HTTP status the image → STL
    API answers with (the Wyoming server has none to send), ``str(error)`` the human sentence.
    """

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 500

    def __init_subclass__(
        cls, *, code: str | None = None, status: int | None = None, **kwargs: Any
    ) -> None:
        """Give a subclass its own ``code`` and ``status`` (``class X(Base, code="x")``).

        What a subclass does not name it inherits from its base.
        """

        super().__init_subclass__(**kwargs)
        if code is not None:
            cls.code = code
        if status is not None:
            cls.status = status

    def as_dict(self) -> dict[str, str]:
        """Return the error as the API's JSON object ``{"error": code, "message": sentence}``."""

        return {"error": self.code, "message": str(self)}

    def headers(self) -> dict[str, str]:
        """Return the HTTP headers to answer with besides the body (none by default)."""

        return {}
