"""What goes into a bundle's files, as plain data in and text out. Plain Python.

Rule 2 of DESIGN.md lives here: a speaker's words go in only when they consent to archiving
and sharing and have not withdrawn their data; other turns become a marker.
"""
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

CATEGORY_COLUMNS = ["person", "organisation", "place", "contact", "identifier", "date", "other"]
WITHHELD = "[turn withheld: no consent to archiving and sharing]"


@dataclass(frozen=True)
class Turn:
    label: str  # the speaker's pseudonym or staff code, e.g. "P07", "STAFF-1"
    text: str  # already anonymised
    participant_id: int | None = None
    is_staff: bool = False  # a turn with neither a participant nor staff is withheld


@dataclass(frozen=True)
class TranscriptEntry:
    code: str
    session_type: str
    sector: str
    month: str  # YYYY-MM: never the day
    language: str
    duration_minutes: int
    speakers: list[tuple[str, str]]  # (label, role)
    turns: list[Turn]
    replacements: dict[str, int] = field(default_factory=dict)
    part: int = 1  # several transcripts of one session are its parts 1, 2, ...

    @property
    def reference(self) -> str:
        """The transcript's name in file names, source ids and metadata rows: unique per bundle."""
        return self.code if self.part == 1 else f"{self.code}-part{self.part}"


def consenting_speakers(entry: TranscriptEntry, consenting_ids: set[int]) -> set[int]:
    return {t.participant_id for t in entry.turns if t.participant_id in consenting_ids}


@dataclass(frozen=True)
class Line:
    label: str
    start: int  # offsets of the line in transcript_text
    end: int
    included: bool  # the speaker's words are in (not withheld)


def transcript_lines(entry: TranscriptEntry, consenting_ids: set[int]) -> tuple[str, list[Line]]:
    """The anonymised transcript with every non-consenting participant's turns withheld, and
    where each turn's line lies in it (for coding turns to their speaker's case)."""
    lines, places, pos = [], [], 0
    for turn in entry.turns:
        allowed = turn.is_staff or turn.participant_id in consenting_ids
        line = f"{turn.label}: {turn.text}" if allowed else f"{turn.label}: {WITHHELD}"
        lines.append(line)
        places.append(Line(turn.label, pos, pos + len(line), allowed))
        pos += len(line) + 2
    return "\n\n".join(lines) + "\n", places


def transcript_text(entry: TranscriptEntry, consenting_ids: set[int]) -> str:
    """The anonymised transcript with every non-consenting participant's turns withheld."""
    return transcript_lines(entry, consenting_ids)[0]


def csv_text(rows: Iterable[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def metadata_csv(entries: list[TranscriptEntry]) -> str:
    header = ["transcript", "session_code", "part", "session_type", "sector", "month", "language", "speakers",
              "duration_minutes"]
    rows = [[e.reference, e.code, e.part, e.session_type, e.sector, e.month, e.language,
             "; ".join(f"{label} ({role})" for label, role in e.speakers), e.duration_minutes]
            for e in entries]
    return csv_text([header, *rows])


def anonymisation_log_csv(entries: list[TranscriptEntry]) -> str:
    """Counts of replacements per category; never the original text."""
    rows = [[e.reference, *(e.replacements.get(c, 0) for c in CATEGORY_COLUMNS),
             sum(e.replacements.values())] for e in entries]
    return csv_text([["transcript", *CATEGORY_COLUMNS, "total"], *rows])


@dataclass(frozen=True)
class StudyFacts:
    title: str
    ethics_ref: str
    approving_body: str
    languages: str


def readme_text(study: StudyFacts, entries: list[TranscriptEntry], filters: str, withheld_turns: int) -> str:
    types = sorted({e.session_type for e in entries})
    counts = ", ".join(f"{t}: {sum(1 for e in entries if e.session_type == t)}" for t in types)
    return "\n".join([
        f"{study.title}", "=" * min(len(study.title), 72), "",
        f"Ethics approval: {study.ethics_ref or 'not recorded'} ({study.approving_body or 'not recorded'})",
        f"Languages of the study: {study.languages}",
        f"Transcripts in this bundle: {len(entries)} ({counts or 'none'})",
        f"Selection: {filters}", "",
        "Methods", "-------",
        "Focus groups, structured and semi-structured interviews and participant observation,",
        "transcribed and anonymised in Dala.", "",
        "Anonymisation", "-------------",
        "Names of people, organisations and places, contacts, identifying numbers and dates of",
        "birth were detected automatically (study roster, patterns, named-entity recognition) and",
        "every detection was reviewed by a member of the research team before approval.",
        "Replacements are stable codes: the same person, organisation or place carries the same",
        "code in every transcript (P07 for a participant, LA-03 for an organisation, PERSON-12",
        "for a third person, PLACE-2 for a place). anonymisation_log.csv counts the replacements.",
        "Dates are given by month only.", "",
        "Consent basis", "-------------",
        "A participant's words are included only where their current consent record says yes to",
        "archiving and sharing of the anonymised transcript and they have not withdrawn their data.",
        f"Other participants' turns are replaced by the marker {WITHHELD} ({withheld_turns} in this bundle).",
        "Transcripts in which no participant consents are left out.", "",
        "Files", "-----",
        "transcripts/   one anonymised text per transcript, named by session code (and -part2, -part3,",
        "               ... for further transcripts of one session)",
        "metadata.csv   per transcript: name, session code, part, type, sector code, month, language,",
        "               speakers, duration",
        "anonymisation_log.csv   replacements per category and transcript",
        "MANIFEST-SHA256.txt     SHA-256 of every file (check with: sha256sum -c MANIFEST-SHA256.txt)", "",
    ])
