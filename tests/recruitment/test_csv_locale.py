"""CSV downloads a spreadsheet or a script opens as they are: Excel's separator for the
interface language (semicolon for Russian and Kazakh, comma for English) with a BOM, or plain
RFC 4180 UTF-8; words in the interface language with the codes beside them; a participants
export imports again as it is."""
import csv
import io
import re

import sqlalchemy as sa

from app.core.extensions import db
from app.recruitment.models import Gender, Participant, Sector
from app.studies.models import Role


def _get(client, path, lang, **params):
    response = client.get(path, query_string=params, headers={"Accept-Language": lang})
    assert response.status_code == 200
    return response


def _rows(data: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def _team(build):
    team = build.team(build.study("Таблицы"))
    study = team["study"]
    org = build.organisation(study, "Әкімдік (тест), отдел; связи", Sector.LOCAL_AUTHORITY)
    first = build.participant(study, "Әлия Тестова", organisation=org, gender=Gender.FEMALE,
                              languages=["kk", "ru"], position="Бас маман")
    second = build.participant(study, "Ерлан Тестов", gender=Gender.MALE, languages=["ru"], referred_by_id=first.id,
                               notes="Строка 1; «кавычки», запятая\nстрока 2")
    team.update(org=org, first=first, second=second)
    return team


def test_excel_csv_in_russian_uses_semicolons_a_bom_words_and_codes(build, login):
    team = _team(build)
    data = _get(login(team["coordinator"]), f"/studies/{team['study'].id}/participants.csv", "ru").data
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    header, first, second = _rows(data, ";")
    assert len(header) > 10 and "status" in header and "status_code" in header
    row = dict(zip(header, first))
    assert row["status"] == "Кандидат выявлен" and row["status_code"] == "identified"
    assert row["gender"] == "Женский" and row["gender_code"] == "female"
    assert row["sector_code"] == "local_authority" and row["sector"].startswith("Местный исполнительный орган")
    assert row["language_codes"] == "kk, ru" and row["languages"] == "Казахский, Русский"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["status_changed_at"])
    assert dict(zip(header, second))["notes"] == "Строка 1; «кавычки», запятая\nстрока 2"


def test_excel_csv_in_kazakh_uses_semicolons_and_in_english_commas(build, login):
    team = _team(build)
    client = login(team["coordinator"])
    kazakh = _get(client, f"/studies/{team['study'].id}/organisations.csv", "kk").data
    header, row = _rows(kazakh, ";")
    assert dict(zip(header, row))["sector_code"] == "local_authority"
    assert dict(zip(header, row))["sector"].startswith("Жергілікті атқарушы орган")
    english = _get(client, f"/studies/{team['study'].id}/organisations.csv", "en").data
    header, row = _rows(english, ",")
    assert dict(zip(header, row))["sector"] == "Local authority (akimat)" or "Local" in dict(zip(header, row))["sector"]


def test_plain_csv_is_rfc_4180_utf8_without_bom_and_values_as_they_are(build, login):
    team = _team(build)
    build.participant(team["study"], "=1+2 Тест")
    response = _get(login(team["coordinator"]), f"/studies/{team['study'].id}/participants.csv", "ru", csv="plain")
    assert not response.data.startswith(b"\xef\xbb\xbf") and "header=present" in response.headers["Content-Type"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8"), newline="")))  # the comma of RFC 4180
    assert all(len(r) == len(rows[0]) for r in rows)
    assert "=1+2 Тест" in [r[1] for r in rows] and response.data.count(b"\r\n") >= len(rows)


def test_the_key_and_answers_downloads_offer_both_flavours(build, login):
    team = _team(build)
    client = login(team["coordinator"])
    page = _get(client, f"/studies/{team['study'].id}/participants", "kk").get_data(as_text=True)
    assert "participants.csv?csv=plain" in page
    key = _get(client, f"/studies/{team['study'].id}/transcripts/key.csv", "kk")
    assert key.data.startswith(b"\xef\xbb\xbf") and _rows(key.data, ";")[0][:2] == ["category", "category_code"]


def test_a_participants_export_imports_again_as_it_is(build, login):
    """Exported from one study with the interface in Russian, imported into another in Kazakh."""
    team = _team(build)
    client = login(team["coordinator"])
    source, target = team["study"], build.study("Копия")
    build.member(target, Role.COORDINATOR, team["coordinator"])
    for kind in ("organisations", "participants"):
        data = _get(client, f"/studies/{source.id}/{kind}.csv", "ru").data
        preview = client.post(f"/studies/{target.id}/import", data={"kind": kind, "file": (io.BytesIO(data), "x.csv")},
                              content_type="multipart/form-data", headers={"Accept-Language": "kk"})
        page = preview.get_data(as_text=True)
        assert f'action="/studies/{target.id}/import/confirm"' in page, page
        text = data.decode("utf-8-sig")
        done = client.post(f"/studies/{target.id}/import/confirm", data={"kind": kind, "content": text},
                           headers={"Accept-Language": "kk"})
        assert done.status_code == 302
    copied = db.session.scalars(sa.select(Participant).where(Participant.study_id == target.id)
                                .order_by(Participant.id)).all()
    originals = [team["first"], team["second"]]
    assert [_fields(p) for p in copied] == [_fields(p) for p in originals]


def _fields(p: Participant) -> tuple:
    return (p.pseudonym, p.name, p.organisation.name if p.organisation else None, p.position, p.gender,
            p.languages, p.email, p.phone, p.referred_by.name if p.referred_by else None, p.notes)
