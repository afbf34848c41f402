"""Building anonymised bundles: select, assemble, check for leaks, write, store, record, audit.

Transcripts are read a batch at a time while the archive is written, and of each only what the
listing files need is kept (as CSV text and counts), so memory stays flat. The archive is
written to a temporary file, checked, and only then handed to app.core.storage.
"""
import struct
import tempfile
from array import array
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

import sqlalchemy as sa
from flask_babel import gettext as _

from app.anonymise import relabel, relabeller
from app.core import labels as code_labels
from app.core import storage, timezones
from app.core.audit import services as audit
from app.core.crypto import keyring
from app.core.domain import DomainError
from app.core.extensions import db
from app.core.hashing import sha256_file
from app.core.locales import in_locale
from app.exports import contents
from app.exports.archive import BundleFile, write_zip
from app.exports.labels import PLACEHOLDER_LABELS, WITHHELD_MARKER
from app.exports.leakcheck import Leak, LeakCheck, leak_check
from app.exports.models import Bundle, BundleFormat
from app.exports.refiqda import Case, project_file, source_file, xml_value_list
from app.exports.selection import BundleFilters, select_transcripts
from app.fieldwork.models import FieldSession
from app.recruitment.models import SECTOR_PREFIX, Organisation, Participant
from app.studies.models import PlaceholderWords
from app.transcripts import keys
from app.transcripts.models import Transcript, TranscriptSpeaker, Turn, TurnKind

AREA = "bundles"
LANGUAGES = ("ru", "kk", "en")  # the languages a README and placeholder words are written in
MAX_BYTES = 1 << 30  # far above any bundle of anonymised text; a cap all the same
# the archive handed to storage in blocks of this size, not the store's 256 KB reads: its peak
# while sealing a bundle of a few MB 2.4 -> 1.7 MB (tracemalloc)
PUT_BLOCK = 16 * 1024


class BundleError(DomainError):
    """A user-facing reason why no bundle was made."""


class BundleLeak(BundleError):
    def __init__(self, leaks: list[Leak]):
        super().__init__(_("The leak check found identifying text; the bundle was not released."))
        self.leaks = leaks


def _speaker_ref(participant_id: int | None, user_id: int | None) -> tuple | None:
    """A speaker's key in the study's pseudonyms (None for a speaker nobody was mapped to)."""
    if participant_id is None and user_id is None:
        return None
    return ("p", participant_id) if participant_id else ("u", user_id)


def _entry(row, roles: dict[str, str], tz_name: str) -> contents.TranscriptEntry:
    """A transcript's metadata (no words) from its row of _ENTRIES and its speakers' roles by
    label: what metadata.csv, the log and README need; the month is the session's month in the
    study's time zone."""
    return contents.TranscriptEntry(
        code=row.code, session_type=row.type.value, sector=SECTOR_PREFIX.get(row.sector, ""),
        month=timezones.local_day(row.starts_at, tz_name).strftime("%Y-%m"), language=row.language,
        duration_minutes=int((row.ends_at - row.starts_at).total_seconds() // 60),
        speakers=sorted(roles.items()), turns=[], replacements=dict(row.replacement_counts or {}),
        part=row.part)


ENTRY_BATCH = 100  # transcripts whose metadata is read in one query
TURN_BATCH = 20  # transcripts whose turns are read in one query (a few MB of text at most)


def _transcripts(ids: list[int], labels: dict, tz_name: str) -> Iterator[contents.TranscriptEntry]:
    """Every transcript's entry with its turns, in the bundle's order: metadata read
    ENTRY_BATCH transcripts per query, turns TURN_BATCH per query. Only the batch in hand is
    held (the caller keeps what the listing files need as it goes, see _Listing), so memory
    stays flat whatever the count."""
    for start in range(0, len(ids), ENTRY_BATCH):
        batch = ids[start:start + ENTRY_BATCH]
        entries = _entry_batch(batch, labels, tz_name)
        for first in range(0, len(batch), TURN_BATCH):
            part = batch[first:first + TURN_BATCH]
            turns = _turns(part, labels)
            for transcript_id in part:
                yield replace(entries.pop(transcript_id), turns=turns.pop(transcript_id))


# built once, as _TURNS; only the columns an entry reads: no speaker label (often a name,
# sealed) or session note is opened
_ENTRIES = (sa.select(Transcript.id, Transcript.language, Transcript.replacement_counts, Transcript.part,
                      FieldSession.code, FieldSession.type, FieldSession.starts_at, FieldSession.ends_at,
                      Organisation.sector)
            .join(FieldSession, FieldSession.id == Transcript.session_id)
            .outerjoin(Organisation, Organisation.id == FieldSession.host_organisation_id)
            .where(Transcript.id.in_(sa.bindparam("transcript_ids", expanding=True))))
_SPEAKERS = (sa.select(TranscriptSpeaker.transcript_id, TranscriptSpeaker.participant_id, TranscriptSpeaker.user_id)
             .where(TranscriptSpeaker.transcript_id.in_(sa.bindparam("transcript_ids", expanding=True)))
             .order_by(TranscriptSpeaker.id))


def _entry_batch(ids: list[int], labels: dict, tz_name: str) -> dict[int, contents.TranscriptEntry]:
    """These transcripts' metadata, by id, in two queries of plain rows (as _turns: no ORM
    object enters the session, none has to be put out of it again)."""
    roles: dict[int, dict[str, str]] = {i: {} for i in ids}
    connection = db.session.connection()
    for owner, participant_id, user_id in connection.execute(_SPEAKERS, {"transcript_ids": ids}):
        ref = _speaker_ref(participant_id, user_id)
        if ref is not None:
            roles[owner][labels.get(ref, "?")] = "participant" if participant_id else "staff"
    rows = connection.execute(_ENTRIES, {"transcript_ids": ids})
    return {row.id: _entry(row, roles[row.id], tz_name) for row in rows}


# built once: every batch of transcripts runs the same statement with other ids
_TURNS = (sa.select(Turn.transcript_id, Turn.anonymised_text, TranscriptSpeaker.participant_id,
                    TranscriptSpeaker.user_id)
          .outerjoin(TranscriptSpeaker, TranscriptSpeaker.id == Turn.speaker_id)
          .where(Turn.transcript_id.in_(sa.bindparam("transcript_ids", expanding=True)),
                 Turn.kind != TurnKind.NOT_SPEECH)
          .order_by(Turn.transcript_id, Turn.position))


def _turns(transcript_ids: list[int], labels: dict) -> dict[int, list[contents.Turn]]:
    """The turns of these transcripts, in one query, as plain rows (no ORM objects: nothing
    stays in the session, and a thousand transcripts cost fifty queries, not a thousand)."""
    found: dict[int, list[contents.Turn]] = {i: [] for i in transcript_ids}
    rows = db.session.connection().execute(_TURNS, {"transcript_ids": transcript_ids}).all()  # one fetchall
    for owner, text, participant_id, user_id in rows:
        label = labels.get(_speaker_ref(participant_id, user_id), "?")
        found[owner].append(contents.Turn(label, text or "", participant_id, is_staff=user_id is not None))
    return found


class _Words:
    """placeholder_words, found once per build and language (not once per transcript)."""

    def __init__(self, study):
        self.study, self.found = study, {}

    def __call__(self, lang: str) -> dict[str, str]:
        if lang not in self.found:
            self.found[lang] = placeholder_words(self.study, lang)
        return self.found[lang]


class _Listing:
    """What metadata.csv, anonymisation_log.csv and the README need of each transcript, taken
    as the transcripts pass and kept compact: the two files as CSV text (spooled to temporary
    files: see contents.CsvText), and how many transcripts of each session type; not the
    transcripts' entries."""

    def __init__(self):
        self.metadata = contents.CsvText(contents.METADATA_HEADER)
        self.log = contents.CsvText(contents.LOG_HEADER)
        self.types: dict[str, int] = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.metadata.close()
        self.log.close()

    def add(self, entry: contents.TranscriptEntry, words: dict) -> None:
        self.metadata.add(contents.metadata_row(_in_words(entry, words)))
        self.log.add(contents.log_row(entry))
        self.types[entry.session_type] = self.types.get(entry.session_type, 0) + 1


class _Withheld:
    """Turns of non-consenting participants, and turns nobody is known to have said (the rule of
    contents.transcript_lines), counted as the transcripts pass instead of by a query of their
    own: the README, written last, and the bundle's row need the total."""

    def __init__(self, consenting: set[int]):
        self.consenting, self.turns = consenting, 0

    def counted(self, entries: Iterator[contents.TranscriptEntry]) -> Iterator[contents.TranscriptEntry]:
        consenting = self.consenting
        for entry in entries:
            self.turns += sum(1 for turn in entry.turns if not contents.turn_shown(turn, consenting))
            yield entry


def _identities(study, entries) -> tuple:
    """What the leak check searches for: every key entry (names, in inflected forms; contacts and
    identification numbers as written) and the participants' contacts."""
    contacts = [value for row in db.session.execute(
        sa.select(Participant.email, Participant.phone).where(Participant.study_id == study.id))
        for value in row if value]
    roster, literals = keys.leak_identities(entries)
    return roster, contacts + literals


def placeholder_words(study, lang: str) -> dict[str, str]:
    """The category words of pseudonyms in `lang` when the study wants them ({} keeps the codes),
    and the marker of a withheld turn in that language (under contents.WITHHELD)."""
    if study.placeholder_words != PlaceholderWords.TRANSCRIPT_LANGUAGE or lang not in LANGUAGES:
        return {}
    with in_locale(lang):
        return {**{code: str(word) for code, word in PLACEHOLDER_LABELS.items()},
                contents.WITHHELD: str(WITHHELD_MARKER)}


def _in_words(entry: contents.TranscriptEntry, words: dict) -> contents.TranscriptEntry:
    """The entry's speaker labels with the study's placeholder words (metadata, README)."""
    if not words:
        return entry
    return contents.TranscriptEntry(**{**entry.__dict__, "speakers": [
        (relabel(label, words), role) for label, role in entry.speakers]})


def _transcript(entry: contents.TranscriptEntry, words: dict, consenting: set[int],
                whole=False) -> tuple[str, list[contents.Line]]:
    """The transcript's text as it leaves in the bundle (the study's placeholder `words` of its
    language, withheld turns marked) and where each turn's line lies in it; `whole`: the text
    only (the words are then put in over the whole text at once, the same as line by line: a
    code never spans lines)."""
    codes = {code: word for code, word in words.items() if code != contents.WITHHELD}
    withheld = words.get(contents.WITHHELD, contents.WITHHELD)
    write = relabeller(codes)
    if whole:
        return write(contents.transcript_lines(entry, consenting, withheld)[0]), []
    return contents.transcript_lines(entry, consenting, withheld, write)


def readme_languages(study) -> list[str]:
    return [code for code in (study.languages or []) if code in LANGUAGES] or ["en"]


def readme(study, type_counts: dict[str, int], filters, withheld) -> str:
    """README.txt: the same text in each of the study's languages, one after the other."""
    parts = []
    for lang in readme_languages(study):
        with in_locale(lang):
            facts = contents.StudyFacts(study.title, study.ethics_ref or "", study.approving_body or "",
                                        ", ".join(code_labels.label("language", c) for c in study.languages or []))
            parts.append(contents.readme_text(
                facts, type_counts, filters.describe(), withheld, _=_,
                type_label=lambda code: code_labels.label("session_type", code),
                placeholders=placeholder_words(study, lang)))
    return ("\n" + "~" * 72 + "\n\n").join(parts)


def _zip_files(study, ids, labels, selection, filters, withheld: _Withheld):
    words = _Words(study)
    with _Listing() as listing:  # its spooled files closed with the generator, whatever happens
        for entry in withheld.counted(_transcripts(ids, labels, study.timezone)):
            lang_words = words(entry.language)
            listing.add(entry, lang_words)
            yield BundleFile(f"transcripts/{entry.reference}.txt", lambda e=entry, w=lang_words: _transcript(
                e, w, selection.consenting, whole=True)[0])
        yield BundleFile("metadata.csv", lambda: listing.metadata.text())
        yield BundleFile("anonymisation_log.csv", lambda: listing.log.text())
        yield BundleFile("README.txt", lambda: readme(study, listing.types, filters, withheld.turns))


class _CodedSources:
    """Every source's coded stretches (start, end, case index: numbers), spilled to a temporary
    file as each source passes and read back a source at a time when project.qde, written last,
    lists them: what is held does not grow with the count (arrays kept per source came to
    0.8 MB at 900 transcripts)."""

    _HEAD = struct.Struct("<II")  # the code's length in UTF-8, then the count of numbers

    def __init__(self, spill: BinaryIO, case_names: list[str]):
        self._spill, self._case_names = spill, case_names

    def add(self, code: str, stretches: array) -> None:
        name = code.encode("utf-8")
        self._spill.write(self._HEAD.pack(len(name), len(stretches)) + name)
        stretches.tofile(self._spill)

    def __iter__(self) -> Iterator["_CodedSource"]:
        spill, size = self._spill, self._HEAD.size
        spill.seek(0)
        while head := spill.read(size):
            length, count = self._HEAD.unpack(head)
            code = spill.read(length).decode("utf-8")
            stretches = array("q")
            stretches.fromfile(spill, count)
            yield _CodedSource(code, stretches, self._case_names)


class _CodedSource:
    """A source as project.qde lists it: its code and its stretches."""

    def __init__(self, code: str, stretches: array, case_names: list[str]):
        self.code, self._stretches, self._case_names = code, stretches, case_names

    @property
    def selections(self) -> Iterator[tuple[int, int, str]]:
        """(start, end, case name) of each stretch, as a Selection reads (zipped in C)."""
        numbers = self._stretches
        return zip(numbers[0::3], numbers[1::3], map(self._case_names.__getitem__, numbers[2::3]))


def _qdpx(ids, labels, selection, study, created: str, withheld: _Withheld):
    """The .qdpx files: each source as its transcript passes (its text is not kept, its coded
    stretches go to a temporary file), then project.qde, which needs only the coded stretches
    and the cases."""
    with tempfile.TemporaryFile(prefix="dala-bundle-") as spill:  # closed when the files are, whatever happens
        yield from _qdpx_files(ids, labels, selection, study, created, spill, withheld)


def _qdpx_files(ids, labels, selection, study, created: str, spill: BinaryIO, withheld: _Withheld):
    cases, words = {}, _Words(study)
    case_names: list[str] = []
    sources = _CodedSources(spill, case_names)
    case_index: dict[str, int] = {}
    named: dict[tuple[str, str], int] = {}  # (language, speaker label): its case's index, relabelled once
    for entry in withheld.counted(_transcripts(ids, labels, study.timezone)):
        lang_words = words(entry.language)  # cases are named as their texts name them
        text, lines = _transcript(entry, lang_words, selection.consenting)
        stretches = array("q")
        for line in lines:
            if not line.included:
                continue
            said_by = (entry.language, line.label)
            if said_by not in named:
                name = relabel(line.label, lang_words)
                if name not in case_index:
                    case_index[name] = len(case_names)
                    case_names.append(name)
                named[said_by] = case_index[name]
            stretches.extend((line.start, line.end, named[said_by]))
        sources.add(entry.reference, stretches)
        yield source_file(entry.reference, text)
        for label, role in entry.speakers:
            case = cases.setdefault(label, {"role": role, "sector": entry.sector, "session types": set(),
                                            "codes": [], "name": relabel(label, lang_words)})
            case["session types"].add(entry.session_type)
            case["codes"].append(entry.reference)
    case_list = [Case(c["name"], {"role": c["role"], "sector": c["sector"],
                              "session type": ", ".join(sorted(c["session types"]))}, tuple(c["codes"]))
                 for label, c in sorted(cases.items())]
    yield project_file(study.title, sources, case_list, created)


def _creation_stamp(ids: list[int]) -> str:
    """The newest approval among the transcripts: the same inputs give the same project file."""
    latest = db.session.scalar(sa.select(sa.func.max(Transcript.approved_at)).where(Transcript.id.in_(ids)))
    return latest.strftime("%Y-%m-%dT%H:%M:%SZ") if latest else "2000-01-01T00:00:00Z"


def build_bundle(study, filters: BundleFilters, fmt: BundleFormat, actor, progress=None) -> Bundle:
    """Write and store a bundle of the approved transcripts, record it and audit it.

    `progress(done, total)`, when given, hears of every file written (a background job's page)."""
    selection = select_transcripts(study, filters)
    ids = selection.transcript_ids
    if not ids:
        raise BundleError(_("No approved transcript with a consenting speaker matches these filters."))
    entries = keys.key_entries(study)  # read (and their names opened) once: the labels and the leak check
    labels = keys.speaker_pseudonyms(study, entries)
    check = leak_check(*_identities(study, entries))  # the automata, built once for every file (and kept while the key stays the same)
    withheld = _Withheld(selection.consenting)
    bundle = Bundle(study_id=study.id, created_by_id=getattr(actor, "id", None), format=fmt,
                    filters=filters.to_dict(), file_name="", checksum="", size_bytes=0,
                    transcript_count=len(ids), left_out=selection.left_out)
    try:  # written before the bundle's row: on SQLite no write lock is held while the file is made
        stored = _write(study, fmt, ids, labels, check, selection, filters, withheld, progress)
    except OSError as error:  # a full disk, a folder that cannot be written: no file was left
        raise BundleError(_("The bundle could not be written (%(reason)s); nothing was kept.",
                            reason=error.strerror or type(error).__name__)) from None
    except storage.FileTooLarge:
        raise BundleError(_("The bundle is larger than %(size)s MB; nothing was kept.",
                            size=MAX_BYTES // (1024 * 1024))) from None
    bundle.checksum, bundle.size_bytes, bundle.withheld_turns = stored.key, stored.size, withheld.turns
    db.session.add(bundle)
    db.session.flush()
    bundle.file_name = f"study-{study.id}/bundle-{bundle.id}.{fmt.value}"
    audit.record(actor, "bundle.build", bundle, after={
        "format": fmt, "filters": bundle.filters, "transcripts": len(ids), "checksum": bundle.checksum,
        "left_out": len(selection.left_out), "withheld_turns": withheld.turns})
    return bundle


def _write(study, fmt, ids, labels, check: LeakCheck, selection, filters, withheld: _Withheld,
           progress=None) -> storage.StoredFile:
    leaks: list[Leak] = []
    total = len(ids) + 3  # the transcripts, then the metadata, log and readme (or the project file)

    def checked(files):
        for done, item in enumerate(files):
            if progress is not None:
                progress(min(done, total - 1), total)
            yield BundleFile(item.name, lambda item=item: _scan(item, check, leaks))

    def verify():
        if leaks:
            raise BundleLeak(leaks)

    if fmt == BundleFormat.QDPX:
        files, manifest = _qdpx(ids, labels, selection, study, _creation_stamp(ids), withheld), False
    else:
        files, manifest = _zip_files(study, ids, labels, selection, filters, withheld), True
    # the files closed as the archive is (a QDPX's spill of coded stretches with them), not
    # when a failure's traceback lets go of them
    with tempfile.TemporaryFile(prefix="dala-bundle-") as temp, closing(files):  # gone with the process, whatever happens
        write_zip(temp, checked(files), manifest=manifest, verify=verify)
        temp.seek(0)
        blocks = iter(lambda: temp.read(PUT_BLOCK), b"")
        return storage.current().put(blocks, area=AREA, max_bytes=MAX_BYTES, study_id=_sealing_study(study))


def _sealing_study(study) -> int | None:
    """Bundles are sealed under the study key, unless that key was destroyed with the study's
    identifiable data (issue 17): a bundle holds pseudonymised words only, kept readable."""
    ring = keyring.active()
    if ring is not None and ring.is_destroyed(study.id, db.session.connection()):
        return None
    return study.id


def _scan(item: BundleFile, check: LeakCheck, leaks: list[Leak]):
    """The file's content, its text checked as it goes to the archive: the very text the
    archive writes as UTF-8 (not decoded again from the bytes: a tenth of a build)."""
    data = item.produce()
    if isinstance(data, str):
        leaks.extend(check.scan(item.name, data))
    elif isinstance(data, bytes):
        if item.name.endswith((".txt", ".csv")):
            leaks.extend(check.scan(item.name, data.decode("utf-8")))
    else:
        return _scanned_parts(item.name, data, check, leaks)
    return data


SCAN_BATCH = 64 * 1024  # characters of project.qde's values checked at a time


def _scanned_parts(name: str, parts, check: LeakCheck, leaks: list[Leak]):
    """A file written in parts of text (project.qde) is scanned as it goes to the archive: the
    text and attribute values of its parts, one a line (its tag names are no leak), gathered
    over parts up to SCAN_BATCH characters, each value once (every source's part repeats the
    date and its speakers' cases: a scan per part was a tenth of a build)."""
    values: dict[str, None] = {}
    size = 0
    for part in parts:
        for value in xml_value_list(part):
            if value not in values:
                values[value] = None
                size += len(value) + 1
        if size >= SCAN_BATCH:
            leaks.extend(check.scan(name, "\n".join(values)))
            values.clear()
            size = 0
        yield part
    if values:  # the last values, once every part is written (before the archive is verified)
        leaks.extend(check.scan(name, "\n".join(values)))


def ensure_stored(bundle: Bundle, legacy_folder: Path) -> bool:
    """Whether the bundle's file is stored (False when it is lost).

    A bundle built before files went through app.core.storage lies in the old bundle folder;
    it is stored on first use, once its checksum is confirmed.
    """
    store = storage.current()
    if store.exists(AREA, bundle.checksum):
        return True
    legacy = legacy_folder / bundle.file_name
    if not (bundle.file_name and legacy.is_file() and sha256_file(legacy) == bundle.checksum):
        return False
    with legacy.open("rb") as source:
        store.put(source, area=AREA, max_bytes=MAX_BYTES, study_id=bundle.study_id)
    return True


def stored_bundles() -> Iterator[tuple[str, str, str]]:
    """(area, key, bundle) of every bundle built, for `flask storage verify`."""
    rows = db.session.execute(sa.select(Bundle.id, Bundle.checksum).order_by(Bundle.id))
    return ((AREA, key, f"bundle {bundle_id}") for bundle_id, key in rows.all())


def record_download(bundle: Bundle, actor) -> None:
    audit.record(actor, "bundle.download", bundle, after={"checksum": bundle.checksum})
