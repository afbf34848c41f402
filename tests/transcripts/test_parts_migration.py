"""Migration 0011: transcripts already held for one session become its parts 1, 2, ... ."""
import pytest
import sqlalchemy as sa

from app import create_app
from config import TestingConfig


@pytest.mark.sqlite_only
def test_existing_transcripts_of_one_session_are_numbered_in_upload_order(tmp_path):
    url = f"sqlite:///{tmp_path / 'parts.sqlite3'}"
    app = create_app(type("PartsMigration", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0010_stored_files"]).exit_code == 0
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO studies (id, title, status, timezone, languages, created_at)"
                             " VALUES (1, 'Test', 'fieldwork', 'Asia/Almaty', '[]', '2026-01-01 00:00:00')"))
        for session_id in (7, 9):
            conn.execute(sa.text(
                "INSERT INTO field_sessions (id, study_id, code, type, starts_at, ends_at, status, audio_recorded,"
                " created_at, version) VALUES (:s, 1, :code, 'focus_group', '2026-05-01 04:00:00',"
                " '2026-05-01 06:00:00', 'completed', 1, '2026-01-01 00:00:00', 1)"), {"s": session_id,
                                                                                       "code": f"FG-{session_id}"})
        for session_id in (7, 9, 7):
            conn.execute(sa.text(
                "INSERT INTO transcripts (study_id, session_id, language, source_format, file_sha256, file_size,"
                " raw_text, status, uploaded_at, version) VALUES (1, :s, 'ru', 'txt', 'x', 1, 'text', 'raw',"
                " '2026-05-01 00:00:00', 1)"), {"s": session_id})
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT session_id, part FROM transcripts ORDER BY id")).all()
        kinds = conn.execute(sa.text("SELECT count(*) FROM transcript_turns")).scalar()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(7, 1), (9, 1), (7, 2)] and kinds == 0
