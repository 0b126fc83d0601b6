"""What a service says when a request breaks one of the diary's rules.

Services know the rules (no check-in in the future, no two pauses overlapping), not
HTTP: they raise a ``DomainError`` naming the field and the reason, and one handler
(``tracker.errors``) turns it into the API's JSON error or an error page. Code that
is not a request at all, such as the CSV import checking each line, catches the same
exception and reads the field and the reason straight off it.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["invalid", "conflict", "not_found"]
"""``invalid``: the request itself is wrong (422). ``conflict``: it clashes with what is
stored, and may succeed once that changes (409). ``not_found``: the row is missing, or
belongs to someone else, which must look the same (404)."""


class DomainError(Exception):
    """A refusal the person can act on: which field to fix (if one is to blame), and why.

    ``location`` says where the field was sent ("json" for a body, "query" for the
    address), as the API's ``errors`` object groups fields by it."""

    def __init__(
        self,
        reason: str,
        *,
        field: str | None = None,
        kind: Kind = "invalid",
        location: str = "json",
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
        self.kind: Kind = kind
        self.location = location

    @property
    def message(self) -> str:
        """The sentence a client shows: the field first when one is to blame."""
        return f"{self.field}: {self.reason}" if self.field else self.reason

    def __str__(self) -> str:
        return self.message


def invalid(field: str, reason: str, location: str = "json") -> DomainError:
    """The usual refusal, a field with a value the rules do not allow (``raise invalid(...)``)."""
    return DomainError(reason, field=field, location=location)


def conflict(reason: str) -> DomainError:
    """The request clashes with a stored row; ``reason`` says which and what to do instead."""
    return DomainError(reason, kind="conflict")


def not_found(what: str) -> DomainError:
    return DomainError(f"No such {what}.", kind="not_found")
