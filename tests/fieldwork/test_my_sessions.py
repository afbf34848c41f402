"""'My sessions' (issue 18: read in the order sessions end, a page at a time): a user sees the
sessions they facilitate or take notes in, and only those; under "Coming" the ones not over
yet, the one under way first, then the soonest; under "Past" the ones over, the latest first;
the pages, followed by their Next links, show each of them once, in that order."""
import re
from datetime import timedelta

from app.core.extensions import db
from app.core.models_base import utcnow
from app.fieldwork import services as fieldwork
from app.fieldwork.models import SessionStatus
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
