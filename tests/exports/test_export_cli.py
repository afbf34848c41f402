"""`flask bundle build|key` and `flask protocol`, as a script would call them."""
import zipfile

import sqlalchemy as sa

from app.core.audit.models import AuditEvent
from app.core.extensions import db


def test_bundle_build_writes_the_zip_and_is_audited(world, runner, tmp_path):
    out = tmp_path / "bundle.zip"
    result = runner.invoke(args=["bundle", "build", "--study", str(world["study"].id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "left out: SSI-01" in result.output
    with zipfile.ZipFile(out) as archive:
        assert "MANIFEST-SHA256.txt" in archive.namelist()
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "bundle.build"))


def test_bundle_build_with_nothing_to_bundle_exits_1_with_one_line(world, runner, tmp_path):
    out = tmp_path / "none.zip"
    result = runner.invoke(args=["bundle", "build", "--study", str(world["study"].id), "--out", str(out),
                                 "--type", "observation"])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_bundle_key_writes_csv_and_audits(world, runner, tmp_path):
    out = tmp_path / "key.csv"
    result = runner.invoke(args=["bundle", "key", "--study", str(world["study"].id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Гульмира Сатпаева" in out.read_text(encoding="utf-8-sig")
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "key.download"))


def test_protocol_command_prints_a_period(world, runner, tmp_path):
    out = tmp_path / "week.pdf"
    result = runner.invoke(args=["protocol", "--study", str(world["study"].id), "--from", "2026-05-11",
                                 "--to", "2026-06-07", "--lang", "kk", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_protocol_for_a_session_of_another_study_is_refused(world, runner, tmp_path):
    result = runner.invoke(args=["protocol", "--study", str(world["other_study"].id), "--session",
                                 str(world["fg"].id), "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "has no session" in result.output
