"""The participants CSV streams (issue 18: 37 s at 50,000 participants before its first
byte): its header row goes out before any participant is read, and the file is byte for byte
the one a user got when it was written whole, its headers unchanged."""
import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.core.extensions import db
from app.core.labels import LANGUAGE_LABELS
from app.core.spreadsheets import EXCEL, PLAIN, csv_bytes
from app.recruitment import csv_io
from app.recruitment.labels import GENDER_LABELS, RECRUITMENT_LABELS, SECTOR_LABELS
from app.recruitment.models import Gender, Participant, Sector
from tests.builders.bulk import populate
from tests.support.pages import QueryCounter


def _study(build):
    team = build.team(build.study("Выгрузка"))
    study = team["study"]
    org = build.organisation(study, "Әкімдік (тест); отдел, связи", Sector.LOCAL_AUTHORITY)
    first = build.participant(study, "Әлия Тестова", organisation=org, gender=Gender.FEMALE, languages=["kk", "ru"],
                              position="Бас маман", email="aliya@example.org", phone="+7 700 000 00 01")
    build.participant(study, "=HYPERLINK(\"x\")", referred_by_id=first.id, gender=Gender.MALE,
                      notes="Строка 1; «кавычки», запятая\r\nстрока 2")
    populate(study, organisations=12, participants=1100, sessions=0)  # more than two batches
    return team


def _as_written_whole(study, with_contacts: bool, flavour: str, lang: str) -> bytes:
    """The file as the export wrote it before it streamed: every participant loaded with its
    organisation and referrer, in the order of their ids, the columns a user sees."""
    columns = ["pseudonym", "name", "organisation", "sector", "sector_code", "position", "gender", "gender_code",
               "languages", "language_codes", "status", "status_code", "status_changed_at", "referred_by", "notes"]
    if with_contacts:
        columns[10:10] = ["email", "phone"]
    people = db.session.scalars(sa.select(Participant).where(Participant.study_id == study.id)
                                .order_by(Participant.id)
                                .options(joinedload(Participant.organisation), joinedload(Participant.referred_by)))
    rows = [columns]
    for p in people:
        org = p.organisation
        row = {"pseudonym": p.pseudonym, "name": p.name, "organisation": org.name if org else "",
               "sector": str(SECTOR_LABELS[org.sector]) if org else "", "sector_code": org.sector.value if org else "",
               "position": p.position or "", "gender": str(GENDER_LABELS[p.gender]) if p.gender else "",
               "gender_code": p.gender.value if p.gender else "",
               "languages": ", ".join(str(LANGUAGE_LABELS.get(c, c)) for c in p.languages or []),
               "language_codes": ", ".join(p.languages or []), "email": p.email or "", "phone": p.phone or "",
               "status": str(RECRUITMENT_LABELS[p.status]), "status_code": p.status.value,
               "status_changed_at": p.status_changed_at.date().isoformat(),
               "referred_by": p.referred_by.pseudonym if p.referred_by else "", "notes": p.notes or ""}
        rows.append([row[c] for c in columns])
    return csv_bytes(rows, flavour, lang)


def test_the_streamed_download_is_the_file_written_whole_with_the_same_headers(build, login):
    team = _study(build)
    study = team["study"]
    path = f"/studies/{study.id}/participants.csv"
    for who, with_contacts in (("coordinator", True), ("reviewer", False)):
        client = login(team[who])
        for lang in ("ru", "en"):
            response = client.get(path, headers={"Accept-Language": lang})
            assert response.status_code == 200
            assert response.mimetype == "text/csv" and response.mimetype_params == {"charset": "utf-8"}
            assert response.headers["Content-Disposition"] == f'attachment; filename="participants-study-{study.id}.csv"'
            assert response.headers["Cache-Control"] == "no-store"  # names and contacts: kept by no cache
            with build_locale(lang):
                assert response.data == _as_written_whole(study, with_contacts, EXCEL, lang)
        plain = client.get(path, query_string={"csv": "plain"}, headers={"Accept-Language": "ru"})
        assert plain.mimetype == "text/csv" and plain.mimetype_params == {"charset": "utf-8", "header": "present"}
        with build_locale("ru"):
            assert plain.data == _as_written_whole(study, with_contacts, PLAIN, "ru")
    text = response.data.decode("utf-8-sig")
    assert text.count("\r\n") >= 1103 and "aliya@example.org" not in text  # the reviewer's file: no contacts
    assert "'=HYPERLINK" in text and "Әкімдік (тест); отдел, связи" in text


def _read(study) -> tuple[bytes, int, int, list[bytes]]:
    """The first piece, the queries run before it, all the queries and the other pieces."""
    db.session.expire_all()
    counter = QueryCounter(db.engine)
    counter.active = True
    try:
        pieces = csv_io.participants_csv(study, with_contacts=True, flavour=EXCEL, lang="en")
        header = next(pieces)
        before_rows = counter.count
        rest = list(pieces)
    finally:
        counter.active = False
        counter.close()
    return header, before_rows, counter.count, rest


def test_the_header_row_goes_out_before_any_participant_is_read_and_the_rows_in_as_many_queries(build):
    small = build.study("Малое")
    build.participant(small, "Болат Тестов")
    team = _study(build)
    header, before_rows, queries, rest = _read(team["study"])
    assert header.decode("utf-8-sig") == ("pseudonym,name,organisation,sector,sector_code,position,gender,"
                                          "gender_code,languages,language_codes,email,phone,status,status_code,"
                                          "status_changed_at,referred_by,notes\r\n")
    assert before_rows == 0
    assert len(rest) == 3  # 1,102 participants, 500 at a time
    assert b"".join(rest).decode().count("\r\n") >= 1102
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)
                             .where(Participant.study_id == team["study"].id)) == 1102
    _header, _before, small_queries, small_rest = _read(small)
    assert len(small_rest) == 1 and queries == small_queries  # one query for the rows, read a batch at a time


def build_locale(lang: str):
    from flask_babel import force_locale
    return force_locale(lang)
