"""Reopening an approved transcript for review: who may, with what reason, what it changes (the
status, the anonymised text set aside, the audit trail), and that a refusal changes nothing;
over HTTP the button, its inline errors, the roles' 403 and 404, and the CSRF token."""
import pytest
import sqlalchemy as sa
from lxml import html

from app.core.audit import services as audit_service
from app.core.audit.redaction import MASK
from app.core.crypto import keyring
from app.core.audit.models import AuditEvent
from app.core.extensions import db
from app.recruitment import services as recruitment
from app.recruitment.models import RecruitmentStatus
from app.transcripts import review, services
from app.transcripts.models import Decision, Transcript, TranscriptStatus, Turn
from tests.transcripts.conftest import add_session, map_all, upload

REASON = "Участница P01 отозвала согласие вместе с данными."


def _approved(world):
    transcript = upload(world)
    map_all(world, transcript)
    for span in review.load_spans(transcript):
        review.decide(transcript, span, Decision.ACCEPTED, world["fieldworker"])
    services.approve(transcript, world["fieldworker"])
    db.session.commit()
    return transcript


def _reviewing(world):
    transcript = upload(world)
    map_all(world, transcript)
    db.session.commit()
    return transcript


def _state(transcript_id: int) -> tuple:
    """What a refusal must leave as it was: the row, its turns' anonymised text, the trail."""
    db.session.expire_all()
    t = db.session.get(Transcript, transcript_id)
    turns = tuple(db.session.scalars(sa.select(Turn.anonymised_text).where(Turn.transcript_id == t.id)
                                     .order_by(Turn.position)))
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                               .where(AuditEvent.action.startswith("transcript")))
    return (t.status, t.version, t.anonymised_text, t.replacement_counts, t.approved_at, t.approved_by_id,
            turns, events)


def _reopen_events():
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "transcript.reopen")))


# --- the service ------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["fieldworker", "coordinator"])
def test_whoever_may_edit_it_reopens_an_approved_transcript_with_a_reason(world, who):
    transcript = _approved(world)
    approved_at = transcript.approved_at
    assert "[" in transcript.anonymised_text
    services.reopen(transcript, world[who], f"  {REASON}\n ")
    db.session.commit()
    db.session.expire_all()
    t = db.session.get(Transcript, transcript.id)
    assert t.status == TranscriptStatus.IN_REVIEW
    assert t.anonymised_text is None and t.replacement_counts is None
    assert t.approved_at is None and t.approved_by_id is None
    assert all(turn.anonymised_text is None for turn in t.turns)
    [event] = _reopen_events()
    assert event.actor_id == world[who].id and event.entity_type == "transcripts" and event.entity_id == str(t.id)
    before, after = audit_service.readable(event.before), audit_service.readable(event.after)
    assert after == {"status": "in_review", "reason": REASON}
    assert before["status"] == "approved" and before["approved_at"].startswith(approved_at.isoformat()[:16])
    assert audit_service.verify_chain().intact


def test_the_reopened_review_can_change_and_be_approved_again(world):
    transcript = _approved(world)
    services.reopen(transcript, world["coordinator"], REASON)
    span = review.load_spans(transcript)[0]
    review.decide(transcript, span, Decision.REJECTED, world["fieldworker"])  # the review is open again
    services.approve(transcript, world["fieldworker"])
    db.session.commit()
    db.session.expire_all()
    t = db.session.get(Transcript, transcript.id)
    assert t.status == TranscriptStatus.APPROVED and t.anonymised_text and t.approved_by_id == world["fieldworker"].id
    assert span.covered(t.raw_text) in t.anonymised_text  # the rejected span is left as it was


@pytest.mark.parametrize("who", ["reviewer", "other_fieldworker", "outsider"])
def test_who_may_not_edit_it_is_refused_and_nothing_changes(world, who):
    transcript = _approved(world)
    before = _state(transcript.id)
    with pytest.raises(services.TranscriptError, match="may reopen"):
        services.reopen(transcript, world[who], REASON)
    db.session.rollback()
    assert _state(transcript.id) == before and _reopen_events() == []


def test_an_admin_who_is_no_member_is_refused(world, build):
    transcript, admin = _approved(world), build.user(admin=True)
    before = _state(transcript.id)
    with pytest.raises(services.TranscriptError, match="may reopen"):
        services.reopen(transcript, admin, REASON)
    db.session.rollback()
    assert _state(transcript.id) == before


@pytest.mark.parametrize("stage", ["raw", "in_review"])
def test_a_transcript_that_is_not_approved_is_refused_and_nothing_changes(world, stage):
    transcript = upload(world) if stage == "raw" else _reviewing(world)
    db.session.commit()
    assert transcript.status == TranscriptStatus(stage)
    before = _state(transcript.id)
    with pytest.raises(services.TranscriptError, match="Only an approved transcript can be reopened"):
        services.reopen(transcript, world["coordinator"], REASON)
    db.session.rollback()
    assert _state(transcript.id) == before and _reopen_events() == []


@pytest.mark.parametrize("reason, message", [
    (None, "Say why"), ("", "Say why"), ("   \n\t ", "Say why"),
    ("я" * (services.MAX_REOPEN_REASON + 1), "at most 500 characters")])
def test_without_a_reason_or_with_too_long_a_one_nothing_changes(world, reason, message):
    transcript = _approved(world)
    before = _state(transcript.id)
    with pytest.raises(services.TranscriptError, match=message):
        services.reopen(transcript, world["coordinator"], reason)
    db.session.rollback()
    assert _state(transcript.id) == before and _reopen_events() == []


def test_a_reason_of_the_longest_length_is_taken(world):
    transcript = _approved(world)
    services.reopen(transcript, world["coordinator"], "я" * services.MAX_REOPEN_REASON)
    db.session.commit()
    assert transcript.status == TranscriptStatus.IN_REVIEW


def _trail(client, world, suffix=""):
    return client.get(f"/studies/{world['study'].id}/audit{suffix}", headers={"Accept-Language": "ru"})


def _reason_row(page: str) -> list[str]:
    """The reopening's "reason" row in the trail: its before and after cells."""
    [row] = html.fromstring(page).xpath("//table[contains(@class, 'changes')]//tr[th[normalize-space()='причина']]")
    return [td.text_content().strip() for td in row.xpath("./td")]


def test_the_coordinator_reads_the_reopening_and_its_reason_in_the_trail(world, login):
    transcript = _approved(world)
    services.reopen(transcript, world["coordinator"], REASON)
    db.session.commit()
    page = _trail(login(world["coordinator"]), world).get_data(as_text=True)
    assert "вернул(а) на проверку" in page and "transcript.reopen" not in page
    assert _reason_row(page) == ["", REASON]
    assert REASON in _trail(login(world["coordinator"]), world, ".csv").get_data(as_text=True)


def test_the_reviewer_reads_that_it_was_reopened_but_not_the_reason(world, login):
    """The reason is typed by someone reading the raw transcript and can quote it (a name the
    detector missed, what a participant said): DESIGN.md, the reviewer never sees raw
    transcripts. The trail tells them who reopened which transcript and when; the reason is
    masked on the page and in the CSV, and sealed at rest under the study's key like every
    free-text reason."""
    transcript = _approved(world)
    services.reopen(transcript, world["coordinator"], "Пропущено имя: Ерлан Сапаров, строка 4.")
    db.session.commit()
    [event] = _reopen_events()
    assert keyring.is_sealed(event.after["reason"]) and "Сапаров" not in str(event.after)
    client = login(world["reviewer"])
    page = _trail(client, world).get_data(as_text=True)
    assert "вернул(а) на проверку" in page and f"транскрипт {world['session'].code}" in page
    assert _reason_row(page) == ["", MASK]
    assert "Сапаров" not in page
    exported = _trail(client, world, ".csv").get_data(as_text=True)
    assert "вернул(а) на проверку" in exported and "Сапаров" not in exported and MASK in exported


def test_other_reasons_stay_readable_to_the_reviewer(world, login):
    """Only a transcript's reason is masked: a participant's status change, with its reason, is
    about a record the reviewer reads anyway."""
    recruitment.change_status(world["john"], RecruitmentStatus.DECLINED, world["coordinator"],
                              "Нет времени до конца года.")
    db.session.commit()
    page = _trail(login(world["reviewer"]), world).get_data(as_text=True)
    assert "Нет времени до конца года." in page


# --- over HTTP --------------------------------------------------------------------------

def _url(world, transcript, suffix=""):
    return f"/studies/{world['study'].id}/transcripts/{transcript.id}{suffix}"


def _reopen_form(page: str):
    forms = html.fromstring(page).xpath("//form[contains(@action, '/reopen')]")
    return forms[0] if forms else None


def test_the_button_reopens_it_and_the_page_shows_it_in_review(world, login):
    transcript = _approved(world)
    client = login(world["fieldworker"])
    page = client.get(_url(world, transcript)).get_data(as_text=True)
    form = _reopen_form(page)
    assert form is not None and form.xpath(".//textarea[@name='reopen-reason']")
    assert "Reopen for review" in page
    response = client.post(_url(world, transcript, "/reopen"), data={"reopen-reason": REASON})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Transcript reopened for review" in page
    assert "status-in_review" in page and 'id="approve-button"' in page and _reopen_form(page) is None
    db.session.expire_all()
    assert db.session.get(Transcript, transcript.id).status == TranscriptStatus.IN_REVIEW


def test_the_form_is_only_for_an_approved_transcript_and_who_may_edit_it(world, login):
    reviewing = _reviewing(world)
    assert _reopen_form(login(world["coordinator"]).get(_url(world, reviewing)).get_data(as_text=True)) is None
    approved = _approved(world)
    assert _reopen_form(login(world["coordinator"]).get(_url(world, approved)).get_data(as_text=True)) is not None


@pytest.mark.parametrize("reason, message", [("", "Say why the transcript is reopened for review."),
                                             ("  ", "Say why the transcript is reopened for review."),
                                             ("я" * 501, "The reason can be at most 500 characters long.")])
def test_a_bad_reason_rerenders_with_an_inline_error_and_changes_nothing(world, login, reason, message):
    transcript = _approved(world)
    before = _state(transcript.id)
    response = login(world["coordinator"]).post(_url(world, transcript, "/reopen"), data={"reopen-reason": reason})
    assert response.status_code == 200
    page = html.fromstring(response.get_data(as_text=True))
    assert page.xpath("//p[@id='reopen-reason-error']")[0].text_content().strip() == message
    assert page.xpath("//textarea[@name='reopen-reason']/@aria-invalid") == ["true"]
    assert _state(transcript.id) == before


def test_reopening_one_in_review_rerenders_with_an_inline_error(world, login):
    transcript = _approved(world)
    client = login(world["coordinator"])
    client.post(_url(world, transcript, "/reopen"), data={"reopen-reason": REASON})  # someone was first
    before = _state(transcript.id)
    response = client.post(_url(world, transcript, "/reopen"), data={"reopen-reason": "Ещё раз"})
    assert response.status_code == 200
    error = html.fromstring(response.get_data(as_text=True)).xpath("//p[@id='reopen-reason-error']")
    assert error[0].text_content().strip() == "Only an approved transcript can be reopened for review."
    assert _state(transcript.id) == before and len(_reopen_events()) == 1


def test_roles_are_checked_as_on_the_other_transcript_routes(world, login, build):
    transcript = _approved(world)
    before = _state(transcript.id)
    data = {"reopen-reason": REASON}
    assert login(world["reviewer"]).post(_url(world, transcript, "/reopen"), data=data).status_code == 403
    assert login(world["other_fieldworker"]).post(_url(world, transcript, "/reopen"), data=data).status_code == 403
    assert login(world["outsider"]).post(_url(world, transcript, "/reopen"), data=data).status_code == 404
    assert login(build.user(admin=True)).post(_url(world, transcript, "/reopen"), data=data).status_code == 404
    missing = f"/studies/{world['study'].id}/transcripts/{transcript.id + 1000}/reopen"
    assert login(world["coordinator"]).post(missing, data=data).status_code == 404
    other = f"/studies/{world['other_study'].id}/transcripts/{transcript.id}/reopen"
    assert login(world["outsider"]).post(other, data=data).status_code == 404  # not of their study
    assert _state(transcript.id) == before
    for who in ("reviewer", "other_fieldworker"):
        page = login(world[who]).get(_url(world, transcript))
        assert page.status_code == 403 and "Reopen" not in page.get_data(as_text=True)


def test_without_the_csrf_token_it_is_refused(world, app, login):
    transcript = _approved(world)
    client = login(world["coordinator"])
    before = _state(transcript.id)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(_url(world, transcript, "/reopen"), data={"reopen-reason": REASON})
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert _state(transcript.id) == before


# --- the ethics desk's flag leads to the button -------------------------------------------

def _withdrew_data(world, build):
    """P01 (Айгерим), who speaks in the approved transcripts, withdraws her data."""
    version = build.consent_version(world["study"], world["coordinator"], world["reviewer"])
    build.consent(world["aigerim"], version, world["coordinator"])
    build.withdrawal(world["aigerim"], world["coordinator"])


def _desk_flags(client, world, lang="en"):
    page = client.get(f"/studies/{world['study'].id}/ethics", headers={"Accept-Language": lang})
    assert page.status_code == 200
    return html.fromstring(page.get_data(as_text=True)).xpath("//li[@data-flag='withdrawn_data_in_transcript']")


def test_the_desk_flag_of_withdrawn_data_leads_the_coordinator_to_each_transcripts_reopen_button(world, build,
                                                                                                login):
    first = _approved(world)
    second_session = add_session(world["study"], world["fieldworker"], [world["aigerim"], world["john"]], code="FG-02")
    second = upload(world, session=second_session, name="fg02.txt")
    map_all(world, second)
    for span in review.load_spans(second):
        review.decide(second, span, Decision.ACCEPTED, world["fieldworker"])
    services.approve(second, world["fieldworker"])
    db.session.commit()
    _withdrew_data(world, build)
    client = login(world["coordinator"])
    [flag] = _desk_flags(client, world)
    links = flag.xpath(".//a")
    assert [a.text_content().strip() for a in links] == ["Reopen the transcript of FG-01 for review",
                                                          "Reopen the transcript of FG-02 for review"]
    for link, transcript in zip(links, (first, second)):
        path, _, anchor = link.get("href").partition("#")
        assert path == _url(world, transcript) and anchor == "reopen"
        landed = html.fromstring(client.get(path).get_data(as_text=True))
        [section] = landed.xpath(f"//*[@id='{anchor}']")  # the link's section is the reopen button's
        assert section.xpath(".//form[contains(@action, '/reopen')]//textarea[@name='reopen-reason']")
        assert section.xpath(".//button[normalize-space()='Reopen for review']")
    client.post(_url(world, first, "/reopen"), data={"reopen-reason": "Участница отозвала свои данные."})
    [flag] = _desk_flags(client, world)  # one approved transcript still holds her words
    assert [a.text_content().strip() for a in flag.xpath(".//a")] == ["Reopen the transcript of FG-02 for review"]
    client.post(_url(world, second, "/reopen"), data={"reopen-reason": "Участница отозвала свои данные."})
    assert _desk_flags(client, world) == []  # acted on where the flag pointed: it is gone


def test_the_reviewer_who_may_not_reopen_is_led_to_the_participants_consent(world, build, login):
    _approved(world)
    _withdrew_data(world, build)
    client = login(world["reviewer"])
    [flag] = _desk_flags(client, world)
    [link] = flag.xpath(".//a")
    assert link.text_content().strip() == "Open the participant's consent"
    assert "/transcripts/" not in link.get("href")
    assert client.get(link.get("href")).status_code == 200


@pytest.mark.parametrize("lang, words", [("ru", "Вернуть транскрипт FG-01 на проверку"),
                                         ("kk", "FG-01 транскриптін тексеруге қайтару")])
def test_the_flags_link_is_translated(world, build, login, lang, words):
    _approved(world)
    _withdrew_data(world, build)
    [flag] = _desk_flags(login(world["coordinator"]), world, lang)
    assert [a.text_content().strip() for a in flag.xpath(".//a")] == [words]
