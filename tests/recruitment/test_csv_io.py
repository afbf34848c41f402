"""CSV import with a preview that names each row's problem, and export that Excel opens."""
import sqlalchemy as sa

from app.core.extensions import db
from app.recruitment import csv_io
from app.recruitment.models import Organisation, Participant
from tests.recruitment import factories as make


def test_preview_names_every_problem_and_saves_nothing(build):
    team = build.team()
    make.participant(team["study"], team["coordinator"], "Айгерим Тестова")
    text = ("name;organisation;email;gender\n"
            ";;;\n"
            "Айгерим Тестова;;;female\n"
            "Болат Тестов;Нет такой;bolat@;male\n"
            "Вера Тестова;;vera@example.org;кто-то\n")
    result = csv_io.preview(team["study"], "participants", text)
    problems = {row.line: row.problems for row in result.rows}
    assert not result.clean
    assert any("duplicate of participant P01" in p for p in problems[3])
    assert any("Unknown organisation" in p for p in problems[4])
    assert any("not a valid e-mail" in p for p in problems[4])
    assert any("Unknown gender" in p for p in problems[5])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 1


def test_preview_of_organisations_flags_missing_fields_and_unknown_sectors(build):
    team = build.team()
    text = "name,sector,region\nАкимат Тест,Local authority,Область\n,CSO,\nФонд Тест,банк,\n"
    result = csv_io.preview(team["study"], "organisations", text)
    assert [bool(r.problems) for r in result.rows] == [False, True, True]
    assert "The name is missing." in result.rows[1].problems
    assert "Unknown sector “банк”." in result.rows[2].problems


def test_file_without_a_name_column_is_refused(build):
    team = build.team()
    result = csv_io.preview(team["study"], "participants", "фамилия,email\nТест,a@b.kz\n")
    assert result.file_problems and not result.clean


def test_clean_file_imports_everything_with_pseudonyms(build):
    team = build.team()
    study, actor = team["study"], team["coordinator"]
    csv_io.import_file(study, "organisations", "name,sector\nАкимат Тест,LA\nОФ Тест,civil_society\n", actor)
    db.session.commit()
    text = ("Имя;Организация;Пол;Языки;E-mail\n"
            "Жанар Тестова;LA-01;Female;ru, kk;zhanar@example.org\n"
            "Ильяс Тестов;ОФ Тест;male;en;\n")
    assert csv_io.import_file(study, "participants", text, actor) == 2
    db.session.commit()
    people = db.session.scalars(sa.select(Participant).order_by(Participant.id)).all()
    assert [(p.pseudonym, p.organisation.pseudonym, p.languages) for p in people] == [
        ("P01", "LA-01", ["ru", "kk"]), ("P02", "CSO-01", ["en"])]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 2


def test_windows_1251_file_is_read():
    raw = "name;sector\nАкимат Тест;LA\n".encode("cp1251")
    assert csv_io.decode(raw).startswith("name;sector\nАкимат")


def test_export_has_a_bom_cyrillic_and_contacts_only_when_allowed(build):
    team = build.team()
    org = make.organisation(team["study"], team["coordinator"], name="Қазақ ұйымы (тест)")
    make.participant(team["study"], team["coordinator"], "Әлия Тестова", org=org,
                     email="aliya@example.org", phone="+7 700 000 00 00")
    full = csv_io.export_participants(team["study"], with_contacts=True)
    assert full.startswith(b"\xef\xbb\xbf")
    text = full.decode("utf-8-sig")
    assert "Әлия Тестова" in text and "Қазақ ұйымы" in text and "aliya@example.org" in text
    assert "+7 700 000 00 00" in text and "\r\n" in text
    without = csv_io.export_participants(team["study"], with_contacts=False).decode("utf-8-sig")
    assert "email" not in without.splitlines()[0] and "aliya@example.org" not in without


def test_export_neutralises_formulas(build):
    team = build.team()
    make.participant(team["study"], team["coordinator"], "=HYPERLINK(\"x\")")
    text = csv_io.export_participants(team["study"], with_contacts=True).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
