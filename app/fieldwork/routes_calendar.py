"""The calendar by week and month, "my sessions", and iCalendar downloads and feeds."""
from datetime import date, timedelta

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core import keyset, timezones
from app.core.extensions import db, limiter
from app.core.formutils import EmptyForm
from app.fieldwork import bp
from app.fieldwork import calendar as cal
from app.fieldwork import queries
from app.fieldwork import services as fieldwork
from app.fieldwork.routes import get_session_or_404
from app.studies.access import study_action


def _anchor(study) -> date:
    try:
        return date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        return timezones.today(study.timezone)


@bp.route("/studies/<int:study_id>/calendar")
@study_action("sessions.view")
def calendar(study):
    """A week (default) or a month of sessions, in the study's time zone."""
    anchor, view = _anchor(study), request.args.get("view", "week")
    if view == "month":
        first, last = cal.month_range(anchor.year, anchor.month)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        prev_date = (anchor.replace(day=1) - timedelta(days=1)).replace(day=1)
        next_date = (anchor.replace(day=28) + timedelta(days=4)).replace(day=1)
    else:
        view, days = "week", cal.week_days(anchor)
        prev_date, next_date = anchor - timedelta(days=7), anchor + timedelta(days=7)
    mine = request.args.get("mine") == "1"
    by_day = cal.sessions_between(study, days[0], days[-1], current_user if mine else None)
    shown = [s.id for sessions in by_day.values() for s in sessions] if view == "week" else []
    return render_template("fieldwork/calendar.html", study=study, view=view, anchor=anchor,
                           weeks=[days[i:i + 7] for i in range(0, len(days), 7)], by_day=by_day,
                           prev_date=prev_date, next_date=next_date, mine=mine, staff=queries.staff_shown(shown),
                           today=timezones.today(study.timezone))


@bp.route("/studies/<int:study_id>/my-sessions")
@study_action("session_records.view")
def my_sessions(study):
    """The sessions the user facilitates or takes notes in, coming ones first, in the order
    they end (issue 18: a seek through the end index; see fieldwork.my_sessions_order)."""
    when = "past" if request.args.get("when") == "past" else "upcoming"
    query = fieldwork.my_sessions_query(study, current_user, when)
    # no total: counting them would read all of the user's sessions, and the page needs none
    page = keyset.from_request(query, fieldwork.my_sessions_order(when), current_app.config["PER_PAGE"],
                               count=False)
    # Issue 15: sessions over but still waiting for attendance come first under "Coming", marked.
    overdue = fieldwork.overdue_own_sessions(study, current_user)
    return render_template("fieldwork/my_sessions.html", study=study, page=page, when=when,
                           has_feed=cal.has_feed_token(current_user),
                           overdue=overdue if when != "past" and not page.has_prev else [],
                           overdue_ids={s.id for s in overdue},
                           staff=queries.staff_shown([s.id for s in [*overdue, *page.items]]))


@bp.route("/studies/<int:study_id>/sessions/<int:session_id>.ics")
@study_action("sessions.view")
def session_ics(study, session_id: int):
    session = get_session_or_404(session_id, study)
    url = url_for("fieldwork.session_detail", study_id=study.id, session_id=session.id, _external=True)
    data = cal.calendar_bytes([session], lambda _s: study, session.code, lambda _s: url)
    return Response(data, mimetype="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{session.code}.ics"'})


@bp.route("/calendar/feed", methods=["GET", "POST"])
@login_required
def feed_settings():
    """The user's secret feed address: create (replacing the old one) or revoke it."""
    token = None
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        if request.form.get("action") == "revoke":
            cal.revoke_feed_token(current_user, current_user)
            db.session.commit()
            flash(_("Your calendar feed address no longer works."), "success")
            return redirect(url_for("fieldwork.feed_settings"))
        token = cal.create_feed_token(current_user, current_user)
        db.session.commit()
    feed_url = url_for("fieldwork.feed", token=token, _external=True) if token else None
    return render_template("fieldwork/feed.html", form=form, feed_url=feed_url,
                           has_feed=cal.has_feed_token(current_user))


@bp.route("/calendar/feed/<token>.ics")
@limiter.limit("120 per hour")
def feed(token: str):
    """A user's sessions as iCalendar, for calendar apps that cannot log in."""
    user = cal.user_for_token(token)
    if user is None:
        abort(404)
    # streamed (issue 18): the calendar's first lines go out before its sessions are read
    data = cal.calendar_chunks(
        _lazily(cal.feed_sessions, user), lambda s: s.study, "Dala",
        lambda s: url_for("fieldwork.session_detail", study_id=s.study_id, session_id=s.id, _external=True))
    return Response(stream_with_context(data), mimetype="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, no-store"})


def _lazily(read, *args):
    """The items of `read(*args)`, read when the first one is asked for."""
    yield from read(*args)
