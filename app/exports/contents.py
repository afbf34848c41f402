"""What goes into a bundle's files, as plain data in and text out. Plain Python.

Rule 2 of DESIGN.md lives here: a speaker's words go in only when they consent to archiving
and sharing and have not withdrawn their data; other turns become a marker.
"""
import csv
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from app.exports.archive import text_spool, whole_text

CATEGORY_COLUMNS = ["person", "organisation", "place", "contact", "identifier", "date", "other"]
WITHHELD = "[turn withheld: no consent to archiving and sharing]"


class Turn(NamedTuple):  # a tuple: a bundle makes one per turn of every transcript
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


class Line(NamedTuple):  # a tuple, as Turn
    label: str
    start: int  # offsets of the line in transcript_text
    end: int
    included: bool  # the speaker's words are in (not withheld)


def _unchanged(text: str) -> str:
    return text


def turn_shown(turn, consenting_ids: set[int]) -> bool:
    """Whether a turn's words go into a bundle: staff's, and consenting participants'."""
    return turn.is_staff or turn.participant_id in consenting_ids


def transcript_lines(entry: TranscriptEntry, consenting_ids: set[int], withheld: str = WITHHELD,
                     words: Callable[[str], str] = _unchanged) -> tuple[str, list[Line]]:
    """The anonymised transcript with every non-consenting participant's turns withheld (replaced
    by the `withheld` marker), each line written through `words` (the study's placeholder words),
    and where each turn's line lies in it (for coding turns to their speaker's case)."""
    lines, places, pos = [], [], 0
    for turn in entry.turns:
        allowed = turn_shown(turn, consenting_ids)
        line = words(f"{turn.label}: {turn.text}" if allowed else f"{turn.label}: {withheld}")
        lines.append(line)
        places.append(Line(turn.label, pos, pos + len(line), allowed))
        pos += len(line) + 2
    return "\n\n".join(lines) + "\n", places


def transcript_text(entry: TranscriptEntry, consenting_ids: set[int], withheld: str = WITHHELD,
                    words: Callable[[str], str] = _unchanged) -> str:
    """The anonymised transcript with every non-consenting participant's turns withheld."""
    return transcript_lines(entry, consenting_ids, withheld, words)[0]


class CsvText:
    """A CSV file written row by row as the rows come (a bundle's transcripts pass one at a
    time): only its text is kept, not the rows' data, and that in a temporary file past a few
    KB (see archive.text_spool), read back whole when the file is written. Close it when done."""

    def __init__(self, header: list[str]):
        self._buffer = text_spool()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")
        self._writer.writerow(header)

    def add(self, row: list) -> None:
        self._writer.writerow(row)

    def text(self) -> str:
        return whole_text(self._buffer)

    def close(self) -> None:
        self._buffer.close()


METADATA_HEADER = ["transcript", "session_code", "part", "session_type", "sector", "month", "language", "speakers",
                   "duration_minutes"]
LOG_HEADER = ["transcript", *CATEGORY_COLUMNS, "total"]


def metadata_row(e: TranscriptEntry) -> list:
    return [e.reference, e.code, e.part, e.session_type, e.sector, e.month, e.language,
            "; ".join(f"{label} ({role})" for label, role in e.speakers), e.duration_minutes]


def log_row(e: TranscriptEntry) -> list:
    """Counts of replacements per category; never the original text."""
    return [e.reference, *(e.replacements.get(c, 0) for c in CATEGORY_COLUMNS), sum(e.replacements.values())]


def _sheet(header: list[str], rows: Iterable[list]) -> str:
    sheet = CsvText(header)
    try:
        for row in rows:
            sheet.add(row)
        return sheet.text()
    finally:
        sheet.close()


def metadata_csv(entries: Iterable[TranscriptEntry]) -> str:
    return _sheet(METADATA_HEADER, map(metadata_row, entries))


def anonymisation_log_csv(entries: Iterable[TranscriptEntry]) -> str:
    """Counts of replacements per category; never the original text."""
    return _sheet(LOG_HEADER, map(log_row, entries))


def session_type_counts(entries: Iterable[TranscriptEntry]) -> dict[str, int]:
    """How many transcripts of each session type (what the README counts)."""
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.session_type] = counts.get(e.session_type, 0) + 1
    return counts


@dataclass(frozen=True)
class StudyFacts:
    title: str
    ethics_ref: str
    approving_body: str
    languages: str


def _english(text: str, **values) -> str:
    return text % values if values else text


def readme_text(study: StudyFacts, type_counts: Mapping[str, int], filters: str, withheld_turns: int,
                _=_english, type_label=str, placeholders: dict[str, str] | None = None) -> str:
    """The README in one language, for transcripts counted by session type (`type_counts`,
    see session_type_counts): `_` translates (flask_babel.gettext under force_locale), English
    without it; `type_label` names a session type code; `placeholders` the category words of the
    pseudonyms in the transcripts ({"PERSON": "АДАМ", ..., WITHHELD: its marker}), the engine's
    codes without it."""
    words = placeholders or {}
    counts = ", ".join(f"{type_label(t)}: {type_counts[t]}" for t in sorted(type_counts) if type_counts[t])
    not_recorded = _("not recorded")
    methods, anonymisation, consent, files = _("Methods"), _("Anonymisation"), _("Consent basis"), _("Files")
    return "\n".join([
        f"{study.title}", "=" * min(len(study.title), 72), "",
        _("Ethics approval: %(ref)s (%(body)s)", ref=study.ethics_ref or not_recorded,
          body=study.approving_body or not_recorded),
        _("Languages of the study: %(languages)s", languages=study.languages),
        _("Transcripts in this bundle: %(count)s (%(types)s)", count=sum(type_counts.values()), types=counts or _("none")),
        _("Selection: %(filters)s", filters=filters), "",
        methods, "-" * len(methods),
        _("Focus groups, structured and semi-structured interviews and participant observation, "
          "transcribed and anonymised in Dala."), "",
        anonymisation, "-" * len(anonymisation),
        _("Names of people, organisations and places, contacts, identifying numbers and dates of "
          "birth were detected automatically (study roster, patterns, named-entity recognition) and "
          "every detection was reviewed by a member of the research team before approval."),
        _("Replacements are stable codes: the same person, organisation or place carries the same "
          "code in every transcript (P07 for a participant, LA-03 for an organisation, %(person)s "
          "for a third person, %(place)s for a place). anonymisation_log.csv counts the replacements.",
          person=words.get("PERSON", "PERSON") + "-12", place=words.get("PLACE", "PLACE") + "-2"),
        _("Dates are given by month only."), "",
        consent, "-" * len(consent),
        _("A participant's words are included only where their current consent record says yes to "
          "archiving and sharing of the anonymised transcript and they have not withdrawn their data."),
        _("Other participants' turns are replaced by the marker %(marker)s (%(count)s in this bundle).",
          marker=words.get(WITHHELD, WITHHELD), count=withheld_turns),
        _("Transcripts in which no participant consents are left out."), "",
        files, "-" * len(files),
        "transcripts/   " + _("one anonymised text per transcript, named by session code (and -part2, "
                                  "-part3, ... for further transcripts of one session)"),
        "metadata.csv   " + _("per transcript: name, session code, part, type, sector code, month, "
                              "language, speakers, duration"),
        "anonymisation_log.csv   " + _("replacements per category and transcript"),
        "MANIFEST-SHA256.txt     " + _("SHA-256 of every file (check with: %(command)s)",
                                       command="sha256sum -c MANIFEST-SHA256.txt"), "",
    ])
