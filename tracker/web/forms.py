"""The two pages that post plain forms: signing up and signing in.

Everything else writes through the JSON API; these cannot, because there is no
session (and so no CSRF token for the API) before them. The account rules
(email shape, password strength, timezone) are the API's schema, applied here
too, so a page and an API client are refused for the same reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired

from tracker.auth.passwords import MIN_LENGTH
from tracker.auth.schemas import RegisterSchema
from tracker.timeutil import is_valid_timezone

FOOT_CHOICES = (("right", "Right"), ("left", "Left"), ("both", "Both"))


class SignInForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired("Enter your email address.")])
    password = PasswordField("Password", validators=[InputRequired("Enter your password.")])
    remember = BooleanField("Keep me signed in on this device", default=True)


class SignUpForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired("Enter your email address.")])
    password = PasswordField(
        "Password",
        validators=[InputRequired("Choose a password.")],
        description=f"At least {MIN_LENGTH} characters.",
    )
    feet = StringField(
        "Which heel hurts?",
        validators=[InputRequired("Choose which heel hurts: left, right or both.")],
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
            target.extend(messages if isinstance(messages, list) else [str(messages)])
        return not problems
