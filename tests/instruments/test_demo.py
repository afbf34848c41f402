"""The demo study's instruments: two guides in Russian and English, a questionnaire with answers."""
import sqlalchemy as sa

from app.demo import build_demo
from app.core.extensions import db
from app.instruments import exchange
from app.instruments.models import AnswerSet, AnswerStatus, Instrument, InstrumentKind, VersionStatus
from app.instruments.xlsform import convert_check


def test_demo_has_guides_a_questionnaire_and_answers(ctx):
    build_demo()
    db.session.flush()
    instruments = {i.kind: i for i in db.session.scalars(sa.select(Instrument))}
    assert set(instruments) == {InstrumentKind.SEMI_STRUCTURED_INTERVIEW, InstrumentKind.FOCUS_GROUP_GUIDE,
                                InstrumentKind.STRUCTURED_INTERVIEW}
    for instrument in instruments.values():
        approved = instrument.versions[0]
        assert approved.status == VersionStatus.APPROVED
        assert all(set(q.text) == {"ru", "en"} for q in approved.questions)
        convert_check(exchange.export_xlsform(approved))
    answer_sets = db.session.scalars(sa.select(AnswerSet)).all()
    assert len(answer_sets) == 3
    assert sorted(a.status for a in answer_sets) == [AnswerStatus.COMPLETE, AnswerStatus.COMPLETE, AnswerStatus.DRAFT]
    assert all(a.session_id for a in answer_sets)
