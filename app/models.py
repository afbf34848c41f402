"""Imports every model so that Alembic and create_all() see the whole schema."""
from app.auth.models import User  # noqa: F401
from app.consent.models import (  # noqa: F401
    ConsentForm,
    ConsentFormVersion,
    ConsentNote,
    ConsentRecord,
    ConsentWithdrawal,
    SessionFlagMark,
)
from app.core.audit.models import AuditEvent  # noqa: F401
from app.core.crypto.models import StudyKey  # noqa: F401
from app.core.jobs import Job  # noqa: F401
from app.core.storage.models import FileChunk, FileEntry  # noqa: F401
from app.dashboard.models import StudyCounter  # noqa: F401
from app.exports.models import Bundle  # noqa: F401
from app.fieldwork.models import FieldSession, SessionParticipant, SessionStaff  # noqa: F401
from app.instruments.models import (  # noqa: F401
    AnswerSet,
    Instrument,
    InstrumentVersion,
    Question,
    QuestionNote,
    Section,
)
from app.retention.models import DestructionRequest, ErasureRecord  # noqa: F401
from app.recruitment.models import (  # noqa: F401
    Organisation,
    Participant,
    ParticipantSearchToken,
    PseudonymCounter,
    RecruitmentTarget,
    StatusChange,
)
from app.studies.models import Membership, Study  # noqa: F401
from app.transcripts.models import (  # noqa: F401
    KeyEntry,
    Transcript,
    TranscriptSpan,
    TranscriptSpeaker,
    Turn,
)
