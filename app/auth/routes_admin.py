"""Administration: user accounts (admins only)."""
import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import bp
from app.auth import services as accounts
from app.auth.access import admin_required
from app.auth.forms import UserForm
from app.auth.models import User
from app.core.extensions import db
from app.core.formutils import EmptyForm


@bp.route("/admin/users")
@admin_required
def admin_users():
    """Every account, with a button to deactivate or reactivate it."""
    page = db.paginate(sa.select(User).order_by(User.name), per_page=50, error_out=False)
    return render_template("admin/users.html", page=page, form=EmptyForm())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@admin_required
def admin_new_user():
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.name.data, form.password.data,
                                        is_admin=form.is_admin.data, actor=current_user)
        except accounts.AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("User %(name)s created.", name=user.name), "success")
            return redirect(url_for("auth.admin_users"))
    return render_template("admin/user_form.html", form=form)


@bp.route("/admin/users/<int:user_id>/active", methods=["POST"])
@admin_required
def admin_toggle_active(user_id: int):
    """Deactivate an active account or reactivate a deactivated one."""
    user = db.get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        if user.id == current_user.id:
            flash(_("You cannot deactivate your own account."), "error")
        else:
            accounts.set_active(user, not user.active, actor=current_user)
            db.session.commit()
            message = _("%(name)s can log in again.") if user.active else _("%(name)s can no longer log in.")
            flash(message % {"name": user.name}, "success")
    return redirect(url_for("auth.admin_users", page=request.args.get("page", 1)))
