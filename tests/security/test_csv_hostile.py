"""CSV imports found wanting by the hostile suite: NUL bytes and over-long values."""
import pytest

from app.recruitment import csv_io


@pytest.fixture
def study(build):
    return build.team()["study"]


def test_nul_bytes_are_dropped_not_a_crash(study):
    text = csv_io.decode(b"name,sector\r\nAkim\x00at of Nowhere,local_authority\r\n")
    result = csv_io.preview(study, "organisations", text + "\x00")
    assert result.clean and result.rows[0].values["name"] == "Akimat of Nowhere"


def test_an_unreadable_csv_is_a_file_problem(study):
    result = csv_io.preview(study, "organisations", 'name,sector\r\n"unterminated' + "x" * 200_000)
    assert not result.clean


def test_values_longer_than_the_database_takes_are_row_problems(study):
    text = "name,organisation,phone\r\n" + "Ж" * 201 + ",," + "7" * 65 + "\r\n"
    result = csv_io.preview(study, "participants", text)
    assert len(result.rows[0].problems) == 2
    with pytest.raises(csv_io.CsvRefused):
        csv_io.import_file(study, "participants", text, None)
