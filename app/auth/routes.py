"""Login, logout, the user's own account and language."""
from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp
from app.auth import services as accounts
from app.auth.forms import LoginForm, PasswordForm, PreferencesForm
from app.core.extensions import db, limiter
from app.core.formutils import LanguageForm


def _login_account_key() -> str:
    return "login-account:" + accounts.normalise_email(request.form.get("email", ""))


def _login_failed(response) -> bool:
    return response.status_code != 302


def _is_safe_next(target: str | None) -> bool:
    return bool(target) and target.startswith("/") and not target.startswith("//")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_FAILURES_PER_ADDRESS"], methods=["POST"],
               deduct_when=_login_failed)
@limiter.limit(lambda: current_app.config["LOGIN_FAILURES_PER_ACCOUNT"], methods=["POST"],
               key_func=_login_account_key, deduct_when=_login_failed)
def login():
    """Log in by e-mail and password; failures never say whether the account exists."""
    if current_user.is_authenticated:
        return redirect(url_for("studies.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user)
            session.permanent = True
            target = request.args.get("next")
            return redirect(target if _is_safe_next(target) else url_for("studies.index"))
        flash(_("The e-mail or password is not correct."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out here and end the user's sessions elsewhere."""
    accounts.end_other_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """The user's own password."""
    form = PasswordForm()
    if form.validate_on_submit():
        if accounts.authenticate(current_user.email, form.current.data) is None:
            form.current.errors.append(_("The current password is not correct."))
        else:
            accounts.change_password(current_user, form.new.data, actor=current_user)
            db.session.commit()
            login_user(current_user._get_current_object())
            flash(_("Your password has been changed; you are logged out everywhere else."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form,
                           preferences=PreferencesForm(review_shortcuts=current_user.review_shortcuts))


@bp.route("/account/preferences", methods=["POST"])
@login_required
def preferences():
    """Issue 15: the user's preferences (single-key review shortcuts)."""
    form = PreferencesForm()
    if form.validate_on_submit():
        accounts.set_review_shortcuts(current_user, form.review_shortcuts.data)
        db.session.commit()
        flash(_("Your preferences are saved."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/language", methods=["POST"])
def language():
    """Remember the chosen interface language for this browser (and the account)."""
    form = LanguageForm(current_app.config["LANGUAGES"])
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            current_user.locale = form.locale.data
            db.session.commit()
    target = request.form.get("next")
    return redirect(target if _is_safe_next(target) else url_for("studies.index"))


@bp.errorhandler(429)
def render_rate_limited_login(error=None):
    """The login page again, saying plainly why the attempt was not even checked."""
    flash(_("Too many failed logins for this account or address. Wait 15 minutes and try again."),
          "error")
    return render_template("auth/login.html", form=LoginForm()), 429
