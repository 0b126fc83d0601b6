"""What makes a password acceptable: long enough and not one everybody tries first."""

from __future__ import annotations

MIN_LENGTH = 10

_COMMON = frozenset(
    [
        "1234567890",
        "0123456789",
        "1234567891",
        "12345678910",
        "123456789a",
        "a123456789",
        "1q2w3e4r5t",
        "1q2w3e4r5t6y",
        "qwertyuiop",
        "qwertyuiop1",
        "password12",
        "password123",
        "password1234",
        "passw0rd123",
        "iloveyou12",
        "letmein123",
        "welcome123",
        "abcdefghij",
        "abc1234567",
        "qwerty1234",
        "qwerty12345",
        "football12",
        "baseball12",
        "sunshine12",
        "princess12",
        "monkey1234",
        "dragon1234",
        "master1234",
        "11111111111",
        "0000000000",
        "1111111111",
        "2222222222",
        "9876543210",
        "asdfghjkl1",
        "zxcvbnm123",
        "trustno123",
        "superman12",
        "starwars12",
        "changeme12",
        "administrator",
        "1qaz2wsx3edc",
    ]
)


def password_problem(password: str) -> str | None:
    """The reason a password is refused, in words a person can act on; None if fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > 1024:
        return "Use at most 1024 characters."
    lowered = password.lower()
    if lowered in _COMMON or len(set(lowered)) <= 2:
        return "This password is too common; choose one that is harder to guess."
    return None
