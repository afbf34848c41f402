"""'My sessions' (issue 18: read in the order sessions end, a page at a time): a user sees the
sessions they facilitate or take notes in, and only those; under "Coming" the ones not over
yet, the one under way first, then the soonest; under "Past" the ones over, the latest first;
the pages, followed by their Next links, show each of them once, in that order."""
import re
from datetime import timedelta

import sqlalchemy as sa

from app.core.extensions import db
from app.core.models_base import utcnow
from app.fieldwork import services as fieldwork
from app.fieldwork.models import FieldSession, SessionStaff, SessionStatus, StaffRole
from app.studies.models import Role
from tests.builders import day_at


def _codes(page: str, codes: list[str]) -> list[str]:
    """The given session codes in the order the page shows them."""
    found = sorted((page.index(f">{code}</a>"), code) for code in codes if f">{code}</a>" in page)
    return [code for _at, code in found]


def _next_link(page: str) -> str | None:
    found = re.search(r'rel="next" href="([^"]+)"', page)
    return found.group(1).replace("&amp;", "&") if found else None


def _week(build, team):
    """The fieldworker's sessions (as facilitator or note-taker) and a colleague's, around now."""
    fw, coord, other = team["fieldworker"], team["coordinator"], team["fieldworker2"]
    study = team["study"]
    now = utcnow().replace(second=0, microsecond=0)
    mine = {
        "under_way": build.session(study, starts=now - timedelta(minutes=30), hours=2, facilitators=[fw], actor=coord),
        "tomorrow": build.session(study, starts=day_at(1), facilitators=[fw], actor=coord),
        "noting": build.session(study, starts=day_at(2), facilitators=[coord], note_taker=fw, actor=coord),
        "next_week": build.session(study, starts=day_at(7), facilitators=[fw], actor=coord),
        "last_week": build.session(study, starts=day_at(-7), facilitators=[fw], actor=coord),
        "yesterday": build.session(study, starts=day_at(-1), facilitators=[fw], actor=coord),
    }
    theirs = [build.session(study, starts=day_at(d), facilitators=[other], actor=coord) for d in (-3, 1, 3)]
    return mine, theirs


def test_coming_and_past_show_the_users_own_sessions_in_time_order(build, login):
    team = build.team()
    team["fieldworker2"] = build.member(team["study"], Role.FIELDWORKER)
    mine, theirs = _week(build, team)
    every = [s.code for s in [*mine.values(), *theirs]]
    client = login(team["fieldworker"])
    base = f"/studies/{team['study'].id}/my-sessions"
    coming = client.get(base).get_data(as_text=True)
    past = client.get(f"{base}?when=past").get_data(as_text=True)
    # overdue ones (over, attendance not recorded) are listed first under "Coming" (issue 15)
    overdue = [mine["last_week"].code, mine["yesterday"].code]
    assert _codes(coming, every) == overdue + [mine[k].code for k in ("under_way", "tomorrow", "noting", "next_week")]
    assert _codes(past, every) == [mine["yesterday"].code, mine["last_week"].code]
    for session in theirs:
        assert session.code not in coming and session.code not in past


def test_the_pages_show_every_own_session_once_in_order(build, login, app, monkeypatch):
    monkeypatch.setitem(app.config, "PER_PAGE", 2)
    team = build.team()
    team["fieldworker2"] = build.member(team["study"], Role.FIELDWORKER)
    fw, coord, other = team["fieldworker"], team["coordinator"], team["fieldworker2"]
    study = team["study"]
    coming = [build.session(study, starts=day_at(d), facilitators=[fw], actor=coord) for d in range(1, 8)]
    done = [build.session(study, starts=day_at(-d), facilitators=[fw], actor=coord) for d in range(1, 6)]
    for session in done:  # cancelled: not waiting for attendance, so only under "Past"
        fieldwork.set_status(session, SessionStatus.CANCELLED, coord, "")
    db.session.commit()
    colleague = [build.session(study, starts=day_at(d, hour_utc=9), facilitators=[other], actor=coord)
                 for d in range(-5, 8)]
    every = [s.code for s in coming + done + colleague]
    client = login(fw)
    for path, expected in ((f"/studies/{study.id}/my-sessions", [s.code for s in coming]),
                           (f"/studies/{study.id}/my-sessions?when=past", [s.code for s in done])):
        seen, pages = [], 0
        while path:
            page = client.get(path).get_data(as_text=True)
            rows = _codes(page, every)
            seen += rows
            pages += 1
            path = _next_link(page)
            assert pages <= 10
        assert seen == expected
        assert pages == (len(expected) + 1) // 2


def _reschedule(session, starts, actor, facilitators=None, note_taker=None):
    """The coordinator moves a session (and may change who runs it), as the edit form does."""
    facilitators = [s.user_id for s in session.staff if s.role == StaffRole.FACILITATOR] \
        if facilitators is None else [u.id for u in facilitators]
    plan = fieldwork.SessionPlan(type=session.type, starts_at=starts, ends_at=starts + timedelta(hours=1),
                                 location=session.location, facilitator_ids=facilitators,
                                 note_taker_id=note_taker.id if note_taker else None,
                                 participant_ids=[a.participant_id for a in session.attendees])
    fieldwork.update_session(session, plan, actor, override=True)
    db.session.commit()


def test_a_rescheduled_session_takes_its_new_place_in_my_sessions(build, login):
    """Issue 18: the list reads each session's end from the user's staff rows; moving a session,
    or adding and removing the user, moves it in (or into, or out of) the user's list at once."""
    team = build.team()
    team["fieldworker2"] = build.member(team["study"], Role.FIELDWORKER)
    fw, coord, other = team["fieldworker"], team["coordinator"], team["fieldworker2"]
    study = team["study"]
    first, second, third = (build.session(study, starts=day_at(d), facilitators=[fw], actor=coord) for d in (1, 3, 5))
    theirs = build.session(study, starts=day_at(4), facilitators=[other], actor=coord)
    every = [s.code for s in (first, second, third, theirs)]
    client = login(fw)
    base = f"/studies/{study.id}/my-sessions"
    assert _codes(client.get(base).get_data(as_text=True), every) == [first.code, second.code, third.code]

    _reschedule(third, day_at(2), coord)  # the last one moved before the second
    assert _codes(client.get(base).get_data(as_text=True), every) == [first.code, third.code, second.code]

    _reschedule(first, day_at(6), coord)  # the first one moved to the end
    _reschedule(theirs, day_at(4), coord, facilitators=[other], note_taker=fw)  # the user takes notes in theirs
    _reschedule(second, day_at(3), coord, facilitators=[other])  # and no longer runs this one
    coming = client.get(base).get_data(as_text=True)
    assert _codes(coming, every) == [third.code, theirs.code, first.code]

    _reschedule(first, day_at(-2), coord)  # moved into the past, then cancelled: under "Past" only
    fieldwork.set_status(first, SessionStatus.CANCELLED, coord, "")
    db.session.commit()
    assert _codes(client.get(base).get_data(as_text=True), every) == [third.code, theirs.code]
    assert _codes(client.get(f"{base}?when=past").get_data(as_text=True), every) == [first.code]


def test_a_session_the_user_both_facilitates_and_notes_is_listed_once(build, login, app, monkeypatch):
    monkeypatch.setitem(app.config, "PER_PAGE", 2)
    team = build.team()
    fw, coord, study = team["fieldworker"], team["coordinator"], team["study"]
    both = [build.session(study, starts=day_at(d), facilitators=[fw], note_taker=fw, actor=coord) for d in (1, 2)]
    single = build.session(study, starts=day_at(3), facilitators=[fw], actor=coord)
    every = [s.code for s in both + [single]]
    client = login(fw)
    page = client.get(f"/studies/{study.id}/my-sessions").get_data(as_text=True)
    assert _codes(page, every) == [both[0].code, both[1].code]
    assert page.count(f">{both[0].code}</a>") == 1
    assert _codes(client.get(_next_link(page)).get_data(as_text=True), every) == [single.code]


def test_recount_finds_and_repairs_staff_rows_out_of_step_with_their_session(build, login, runner):
    """A write that bypassed the services (a hand-made UPDATE of a session's end) leaves the
    staff rows' copy of the end behind: `flask dashboard recount --check` reports it and changes
    nothing; `flask dashboard recount` repairs it, and My sessions is in order again."""
    team = build.team()
    fw, coord, study = team["fieldworker"], team["coordinator"], team["study"]
    early, late = (build.session(study, starts=day_at(d), facilitators=[fw], actor=coord) for d in (1, 3))
    moved_end = day_at(5) + timedelta(hours=1)
    db.session.execute(sa.update(FieldSession).where(FieldSession.id == early.id)
                       .values(starts_at=day_at(5), ends_at=moved_end))
    db.session.commit()
    checked = runner.invoke(args=["dashboard", "recount", "--check"])
    assert checked.exit_code == 1 and "1 session staff rows" in checked.output
    stored = db.session.scalar(sa.select(SessionStaff.ends_at).where(SessionStaff.session_id == early.id))
    assert stored != moved_end  # --check changed nothing
    repaired = runner.invoke(args=["dashboard", "recount"])
    assert repaired.exit_code == 0 and "1 needed repair" in repaired.output
    assert runner.invoke(args=["dashboard", "recount", "--check"]).exit_code == 0
    page = login(fw).get(f"/studies/{study.id}/my-sessions").get_data(as_text=True)
    assert _codes(page, [early.code, late.code]) == [late.code, early.code]
