"""The phone app's pages: thin views that read through ``tracker.web.service``.

Sign-up and sign-in are plain forms (there is no session to protect an API
call with yet); every other write goes from the page's JavaScript through the
JSON API, so that logging online and logging offline are the same code.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from tracker.account.service import update_account
from tracker.analysis.daily import MIN_SESSION_SECONDS
from tracker.auth.limits import account_login_limit, login_limit, signup_limit
from tracker.auth.passwords import MIN_LENGTH
from tracker.auth.service import (
    SIGNUP_REFUSED,
    authenticate,
    create_account,
    end_cookie_session,
    start_session,
)
from tracker.care_sessions.service import get_own_session
from tracker.catalog import (
    DISCLAIMER,
    FEET,
    FOOT_LABELS,
    FOOT_PHRASES,
    GLOBAL_CHANGE,
    HEEL_LABELS,
    PAUSE_REASON_LABELS,
    TECHNIQUES,
    WARNING_SIGNS,
)
from tracker.checkins.service import get_own_checkin
from tracker.common.blueprint import ROW_ID
from tracker.common.formats import local_time, register_filters
from tracker.export.files import export_defaults
from tracker.i18n.text import current_locale
from tracker.i18n.text import gettext as _
from tracker.i18n.web import COOKIE as LANGUAGE_COOKIE
from tracker.i18n.web import COOKIE_MAX_AGE, supported
from tracker.pauses.service import upcoming_pauses
from tracker.reminders.service import owned_subscriptions
from tracker.timeutil import local_today
from tracker.web import service
from tracker.web.assets import (
    asset_url,
    cache_versioned_static,
    i18n_catalog,
    import_map,
    manifest_icons,
    read_static_for_compression,
    shell_files,
    shell_version,
)
from tracker.web.forms import SignInForm, SignUpForm, page_reason

bp = Blueprint("web", __name__, template_folder="templates")

bp.add_app_template_global(asset_url)
bp.add_app_template_global(import_map)
bp.add_app_template_global(i18n_catalog)
register_filters(bp)
bp.after_app_request(cache_versioned_static)
bp.after_app_request(read_static_for_compression)


@bp.app_context_processor
def _page_globals() -> dict[str, object]:
    """The fixed vocabulary in the page's language (the catalogue holds it in English, as
    the API gives it)."""
    return {
        "disclaimer": _(DISCLAIMER),
        "technique_names": {slug: _(name) for slug, name in service.TECHNIQUE_NAMES.items()},
        "global_change_choices": {slug: _(label) for slug, label in GLOBAL_CHANGE.items()},
        "pause_reasons": {slug: _(label) for slug, label in PAUSE_REASON_LABELS.items()},
        "foot_labels": FOOT_LABELS,
        "foot_phrases": FOOT_PHRASES,
        "heel_labels": HEEL_LABELS,
    }


def _safe_next(target: str | None) -> str:
    """Only a path on this site, so a crafted link cannot bounce a fresh sign-in elsewhere;
    and only printable text, since a line break cannot go into the Location header."""
    if (
        target
        and target.isprintable()
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("web.today")


@bp.route("/signup", methods=["GET", "POST"])
@signup_limit
def signup() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("web.today"))
    form = SignUpForm()
    if form.validate_on_submit() and form.apply_account_rules():
        user = create_account(form.account_fields())
        if user is None:  # the email is taken: said as the API says it, never "exists"
            form.email.errors = [*form.email.errors, page_reason(SIGNUP_REFUSED)]
            return render_template("signup.html", form=form), 422
        start_session(user)
        session["first_run"] = True
        return redirect(url_for("web.today"))
    return render_template("signup.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/login", methods=["GET", "POST"])
@login_limit
@account_login_limit
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = SignInForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            start_session(user, remember=bool(form.remember.data))
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(_("Email or password is wrong."))
        return render_template("login.html", form=form), 401
    return render_template("login.html", form=form), 422 if form.is_submitted() else 200


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    end_cookie_session()
    flash(_("You are signed out."))
    return redirect(url_for("web.login"))


@bp.get("/")
def today() -> ResponseReturnValue:
    """Today for the signed-in; for a visitor, what the app is and the way in.

    ``?date=`` (from History's "Add check-in") asks about an earlier morning; the page
    reads it again in the browser, so the copy kept for offline use serves it too.
    """
    if not current_user.is_authenticated:
        return render_template("landing.html")
    view = service.today_view(current_user)
    morning = request.args.get("date", type=date.fromisoformat) or view.day
    checkin = view.checkin if morning == view.day else service.checkin_on(current_user, morning)
    return render_template(
        "today.html",
        view=view,
        morning=morning,
        checkin=checkin,
        feet=service.feet_to_ask(current_user.feet, checkin),
        warning_signs=WARNING_SIGNS,
        first_run=session.pop("first_run", False),
        ask_global_change=view.ask_global_change and morning == view.day,
        min_session_seconds=MIN_SESSION_SECONDS,
        condition_words=service.condition_words,
    )


@bp.get(f"/checkins/<{ROW_ID}:checkin_id>/edit")
@login_required
def edit_checkin(checkin_id: int) -> ResponseReturnValue:
    checkin = get_own_checkin(current_user, checkin_id)
    return render_template(
        "checkin_edit.html",
        checkin=checkin,
        feet=service.feet_to_ask(current_user.feet, checkin),
        warning_signs=WARNING_SIGNS,
    )


@bp.get("/log")
@login_required
def log_session() -> ResponseReturnValue:
    """During a self-experiment, today's condition pre-selects its techniques and names its
    minutes and pressure range (session.js keeps a choice the person already made)."""
    under = service.condition_on(current_user, local_today(current_user.timezone))
    return render_template(
        "log.html",
        techniques=TECHNIQUES,
        quick=service.log_chips(service.quick_techniques(current_user), under),
        care_session=None,
        condition=under.plan if under else None,
        week=f"{under.block.index + 1} of {under.weeks}" if under else None,
        pressure_words=service.pressure_words,
    )


@bp.get(f"/sessions/<{ROW_ID}:session_id>/edit")
@login_required
def edit_session(session_id: int) -> ResponseReturnValue:
    care_session = get_own_session(current_user, session_id)
    return render_template(
        "session_edit.html",
        techniques=TECHNIQUES,
        care_session=care_session,
        started=local_time(care_session.started_at, current_user.timezone),
    )


@bp.get("/history")
@login_required
def history() -> ResponseReturnValue:
    before = request.args.get("before", type=date.fromisoformat)
    page = service.history_page(current_user, before)
    today = local_today(current_user.timezone)
    first = page.days[-1].day if page.days else today
    # The first page also lists pauses planned ahead; older pages, those of their days.
    last = page.days[0].day if before is not None and page.days else today + timedelta(days=366)
    pauses = service.pauses_in(current_user, first, last)
    return render_template(
        "history.html",
        page=page,
        pauses=pauses,
        today=today,
        warning_signs=service.WARNING_SIGNS_BY_SLUG,
        local_time=local_time,
    )


@bp.get("/settings")
@login_required
def settings() -> ResponseReturnValue:
    export_from, export_to = export_defaults(current_user)
    return render_template(
        "settings.html",
        feet_choices=FEET,
        password_min=MIN_LENGTH,
        timezones=service.timezone_names(),
        weekdays=weekday_names(),
        tokens=service.api_tokens(current_user),
        devices=[
            d.device_name or _("a device with no name") for d in owned_subscriptions(current_user)
        ],
        upcoming=upcoming_pauses(current_user, local_today(current_user.timezone)),
        export_from=export_from,
        export_to=export_to,
    )


def weekday_names() -> list[str]:
    """Monday first, as ``global_change_weekday`` counts, in the reader's language (Babel's
    own names: nothing to translate)."""
    days = current_locale().days["format"]["wide"]
    return [days[index].capitalize() for index in range(7)]


@bp.get("/pauses")
@login_required
def pauses() -> ResponseReturnValue:
    return render_template(
        "pauses.html",
        pauses=service.all_pauses(current_user),
        today=local_today(current_user.timezone),
    )


@bp.post("/language")
def choose_language() -> ResponseReturnValue:
    """The language picker on every signed-out page (and a form anywhere): kept in a
    cookie for this browser and, when signed in, on the account (Settings shows it)."""
    chosen = supported(request.form.get("language"))
    back = redirect(_safe_next(request.form.get("next")))
    if request.form.get("language") == "":
        # "Browser language" (Settings): no choice kept anywhere, the browser's rules.
        if current_user.is_authenticated:
            update_account(current_user, {"language": None})
        back.delete_cookie(LANGUAGE_COOKIE, secure=request.is_secure, httponly=True, samesite="Lax")
        return back
    if chosen is None:
        flash(_("Choose English, Deutsch or Español."))
        return back
    if current_user.is_authenticated:
        update_account(current_user, {"language": chosen})
    back.set_cookie(
        LANGUAGE_COOKIE,
        chosen,
        max_age=COOKIE_MAX_AGE,
        secure=request.is_secure,
        httponly=True,
        samesite="Lax",
    )
    return back


@bp.get("/offline")
def offline() -> ResponseReturnValue:
    return render_template("offline.html")


@bp.get("/sw.js")
def service_worker() -> Response:
    """Served from the root so its scope is the whole app; never cached, so updates arrive.

    The worker's code is ``static/sw.js``; what it must keep (the versioned shell files and
    the modules they import) and the shell pages are prepended as ``self.FS_CONFIG``, so
    any change to a shell file changes this script's bytes, and that is what makes browsers
    install the new worker.
    """
    config = {
        "version": shell_version(),
        "precache": [asset_url(name) for name in shell_files()]
        + [url_for("static", filename=name) for name in manifest_icons()]
        + [url_for("web.offline")],
        "shell": [
            url_for("web.today"),
            url_for("web.log_session"),
            url_for("web.history"),
            url_for("experiment_pages.current"),
        ],
        "offline": url_for("web.offline"),
    }
    code = Path(current_app.static_folder or "static", "sw.js").read_text(encoding="utf-8")
    body = f"self.FS_CONFIG = {json.dumps(config)};\n{code}"
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.cache_control.no_cache = True
    return response
