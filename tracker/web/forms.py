"""The two pages that post plain forms: signing up and signing in.

Everything else writes through the JSON API; these cannot, because there is no
session (and so no CSRF token for the API) before them. The account rules
(email shape, password strength, timezone) are the API's schema, applied here
too, so a page and an API client are refused for the same reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired

from tracker.auth.passwords import MAX_LENGTH, MIN_LENGTH
from tracker.auth.schemas import RegisterSchema
from tracker.i18n.text import N_, current_language
from tracker.i18n.text import gettext as _
from tracker.timeutil import is_valid_timezone

FOOT_CHOICES = (
    ("right", lazy_gettext("Right")),
    ("left", lazy_gettext("Left")),
    ("both", lazy_gettext("Both")),
)
ACCOUNT_REASONS = (
    N_("Not a valid email address."),
    N_("This password is too common; choose one that is harder to guess."),
    N_("Use letters, digits or symbols: spaces and invisible characters are not enough."),
    N_(
        "We could not create an account with this email. If you already have an account, "
        "sign in instead; otherwise check the address."
    ),
)
"""The account rules' sentences (the API's, in English) that a page shows translated."""


def page_reason(message: str) -> str:
    """An account rule's reason in the page's language: its sentence translated when the
    catalogue has it, else a translated sentence of the same meaning."""
    translated = _(message)
    if translated != message or current_language() == "en":
        return translated
    if message.startswith("Use at least"):
        return _("Use at least %(num)s characters.", num=MIN_LENGTH)
    if message.startswith("Use at most"):
        return _("Use at most %(num)s characters.", num=MAX_LENGTH)
    if "email" in message.lower():
        return _("Not a valid email address.")
    return _("Choose another password.")


class SignInForm(FlaskForm):
    email = EmailField(
        lazy_gettext("Email"), validators=[InputRequired(lazy_gettext("Enter your email address."))]
    )
    password = PasswordField(
        lazy_gettext("Password"), validators=[InputRequired(lazy_gettext("Enter your password."))]
    )
    remember = BooleanField(lazy_gettext("Keep me signed in on this device"), default=True)


class SignUpForm(FlaskForm):
    email = EmailField(
        lazy_gettext("Email"), validators=[InputRequired(lazy_gettext("Enter your email address."))]
    )
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[InputRequired(lazy_gettext("Choose a password."))],
        description=lazy_gettext("At least %(num)s characters.", num=MIN_LENGTH),
    )
    feet = StringField(
        lazy_gettext("Which heel hurts?"),
        validators=[InputRequired(lazy_gettext("Choose which heel hurts: left, right or both."))],
    )
    """Drawn as radio buttons from ``foot_choices``, none chosen in advance (a guess would be
    wrong for half the people who accept it); the account schema checks the value."""
    foot_choices = FOOT_CHOICES
    timezone = HiddenField(default="UTC")

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """A missing foot (or email) stops the form before the account rules run; run them
        anyway, so one try shows every reason (a short password too), not one at a time."""
        valid = super().validate(extra_validators)
        if not valid:
            self.apply_account_rules()
        return valid

    def account_fields(self) -> dict[str, str]:
        """The values to create the account with; an unknown browser zone falls back to UTC."""
        zone = self.timezone.data or ""
        return {
            "email": self.email.data or "",
            "password": self.password.data or "",
            "feet": self.feet.data or "both",
            "timezone": zone if is_valid_timezone(zone) else "UTC",
        }

    def apply_account_rules(self) -> bool:
        """Run the API's account schema and put its reasons beside the fields they concern."""
        problems = RegisterSchema().validate(self.account_fields())
        for name, messages in problems.items():
            field = getattr(self, name, None)
            if field is not None and field.errors:
                continue  # already said, in the form's own words
            target = field.errors if field is not None else self.form_errors
            found = messages if isinstance(messages, list) else [str(messages)]
            target.extend(page_reason(str(message)) for message in found)
        return not problems
