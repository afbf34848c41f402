"""A participant's requests (issue 17): everything held about them, and nothing about anyone
else; erasure with the withdrawal of their data. Coordinators only, both audited."""
import io
import json

import pypdf
import sqlalchemy as sa

from app.consent import review
from app.consent.models import ConsentNote, ConsentRecord, WithdrawalScope
from app.core import storage
from app.core.crypto.keyring import DESTROYED
from app.core.extensions import db
from app.recruitment import services as recruitment
from app.recruitment.models import Participant, RecruitmentStatus, StatusChange
from app.transcripts.models import Transcript, TranscriptSpeaker, Turn
from tests.builders import Builder
from tests.world import PASSWORD
from tests.support.snapshot import snapshot_world


def _client(app, user):
    client = app.test_client()
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def _events(action: str) -> int:
    return db.session.execute(sa.text("SELECT count(*) FROM audit_events WHERE action = :a"), {"a": action}).scalar()


def test_the_export_holds_every_kind_of_record_about_them_and_nobody_else(app, ctx):
    world = snapshot_world()
    study, person = world["study"], world["participant"]
    others = [p for p in db.session.scalars(sa.select(Participant).where(Participant.study_id == study.id))
              if p.id != person.id]
    record = db.session.scalar(sa.select(ConsentRecord).where(ConsentRecord.participant_id == person.id)
                               .order_by(ConsentRecord.id))
    Builder().consent_query(record, world["reviewer"], "Подпись Зарины на второй странице неразборчива?")
    recruitment.change_status(person, RecruitmentStatus.DECLINED, world["coordinator"],
                              reason="Попросила перезвонить после отпуска")
    db.session.commit()
    coordinator = _client(app, world["coordinator"])
    response = coordinator.get(f"/studies/{study.id}/participants/{person.id}/subject-access.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    # Sealed values come back readable: answers, review notes on their consent, status reasons.
    assert data["answers"][0]["values"]["role"] == "Главный специалист"
    notes = [n["body"] for r in data["consent_records"] for n in r["review_notes"]]
    assert "Подпись Зарины на второй странице неразборчива?" in notes
    assert "Попросила перезвонить после отпуска" in [s["reason"] for s in data["status_history"]]
    assert data["participant"]["name"] == person.name and data["participant"]["email"] == person.email
    assert data["status_history"] and data["sessions"] and data["answers"]
    assert data["consent_records"] and data["consent_records"][0]["scan"]["base64"]
    assert data["turns"] and all(turn["text"] for turn in data["turns"])
    their_turns = {(t.transcript_id, t.position) for t in db.session.scalars(
        sa.select(Turn).join(TranscriptSpeaker, TranscriptSpeaker.id == Turn.speaker_id)
        .where(TranscriptSpeaker.participant_id == person.id))}
    assert {(t["transcript"], t["position"]) for t in data["turns"]} == their_turns
    dumped = response.get_data(as_text=True)
    for other in others:
        for value in (other.name, other.email, other.phone):
            if value and len(value) > 5:
                assert value not in dumped, value
    assert _events("participant.subject_access") == 1

    pdf = coordinator.get(f"/studies/{study.id}/participants/{person.id}/subject-access.pdf")
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert person.name in text and person.pseudonym in text
    assert not any(other.name in text for other in others if len(other.name) > 5)
    for role in ("fieldworker", "reviewer"):
        assert _client(app, world[role]).get(
            f"/studies/{study.id}/participants/{person.id}/subject-access.json").status_code == 403
    assert _events("participant.subject_access") == 2


def test_erasure_needs_a_withdrawal_of_data_and_erases_their_values_turns_and_scans(app, ctx):
    world = snapshot_world()
    study, person = world["study"], world["participant"]
    coordinator = _client(app, world["coordinator"])
    url = f"/studies/{study.id}/participants/{person.id}/erase"
    name, email = person.name, person.email
    coordinator.post(url)
    db.session.expire_all()
    assert db.session.get(Participant, person.id).name == name  # refused: no withdrawal of data yet
    assert _events("participant.erase") == 0
    assert _client(app, world["reviewer"]).post(url).status_code == 403

    other = next(p for p in world["participants"] if p.id != person.id)
    for who in (person, other):  # what others wrote about them names them too
        recruitment.change_status(who, RecruitmentStatus.DECLINED, world["coordinator"],
                                  reason=f"Сестра {who.pseudonym} сказала, что занята")
    query = review.raise_query(world["consent_record"], world["reviewer"], "Подпись не похожа на подпись Асель")
    db.session.commit()
    Builder().withdrawal(person, world["coordinator"], scope=WithdrawalScope.WITHDRAW_DATA)
    scan_key = world["consent_record"].scan_sha256
    turn_texts = [(t.transcript_id, t.start, t.end) for t in db.session.scalars(
        sa.select(Turn).join(TranscriptSpeaker, TranscriptSpeaker.id == Turn.speaker_id)
        .where(TranscriptSpeaker.participant_id == person.id))]
    coordinator.post(url)
    db.session.expire_all()
    erased = db.session.get(Participant, person.id)
    assert erased.name == DESTROYED and erased.email is None and erased.phone is None
    for transcript_id, start, end in turn_texts:
        raw = db.session.get(Transcript, transcript_id).raw_text
        assert set(raw[start:end]) == {"█"}
    assert not storage.current().exists("consent", scan_key)
    reasons = dict(db.session.execute(sa.select(StatusChange.participant_id, StatusChange.reason).where(
        StatusChange.participant_id.in_([person.id, other.id]), StatusChange.to_status == RecruitmentStatus.DECLINED)).all())
    assert reasons == {person.id: None, other.id: f"Сестра {other.pseudonym} сказала, что занята"}
    assert db.session.get(ConsentNote, query.id).body is None
    assert _events("participant.erase") == 1
    page = _client(app, world["reviewer"]).get(f"/studies/{study.id}/subject-requests").get_data(as_text=True)
    assert f"participant {person.pseudonym} erased with the withdrawal of their data" in page
    assert name not in page and email not in page
    found = db.session.scalars(recruitment.participant_list(study, recruitment.ParticipantFilter(q=name))).all()
    assert person.id not in [p.id for p in found]  # their search index went with their name
