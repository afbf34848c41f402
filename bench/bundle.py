"""Benchmark building a bundle against zipping the same bytes: 100 and 1,000 approved
transcripts of 10,000 words, time and memory.

    python bench/bundle.py [--sizes 100,1000] [--words N] [--runs N] [--format zip|qdpx] [--key realistic|small]

The study's key (--key): by default `realistic`, a study as fieldwork leaves it: 300 fictional
people (first name and surname drawn from the engine's Kazakh name lists and a list of Russian
first names, a third with a patronymic), 30 organisations, 30 places and 200 contacts (a phone
and an e-mail for each of 100 participants), with a fixed seed; the transcripts speak a mix of
Russian, Kazakh (the engine's common-word list) and English, in sentences that start with a
capital, and name people and organisations only by their pseudonyms (an approved transcript is
anonymised), so the leak check finds nothing and the bundle is built. `small` is the older key:
100 people sharing two name stems, no contacts, text of 18 words in lower case.

For each size, builds in a scratch SQLite file a study whose participants consent to
archiving (every tenth does not), N completed sessions and one approved transcript each (two
speakers, turns of about 100 words), then builds the ZIP bundle through the real service
(selection by consent, metadata, leak check on every file, manifest) and, as the anchor in the
same run, writes the very files of that bundle into a plain ZIP (Python's zipfile, the same
deflate level). Prints the median time of each (wall clock, and CPU time, which the other
work on a shared machine disturbs less) and their ratio.

Memory is measured in fresh processes, one per size and measure, each loading the app and
the study first (that is the baseline): the resident memory the build adds at its peak
(VmHWM, reset after the baseline where Linux allows, otherwise ru_maxrss, minus VmRSS at the
baseline); the peak of Python's allocations (tracemalloc, in a process of its own: tracing
slows every allocation), of a first build and of a second one in the same process (what the
first loads and compiles once left out, so what grows with the count shows plainly); and, as
the anchor, the resident memory a plain ZIP of the bundle's
files adds (read one by one from a folder), and its Python peak, traced after the second build
(printed as growth beside the build's: the plain zip holds each file whole while it writes it,
and zipfile every entry's directory until it closes, which the build keeps in a temporary file). Ends with an error when the build takes more than
3x the zip, or when its peak memory at the largest size is more than 1.5x the smallest
(issue 18). Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import gc
import io
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from app import create_app  # noqa: E402
from app.auth import services as accounts  # noqa: E402
from app.consent import services as consent  # noqa: E402
from app.consent import versions  # noqa: E402
from app.consent.models import ConsentMethod  # noqa: E402
from app.core import storage  # noqa: E402
from app.core.extensions import db  # noqa: E402
from app.exports import bundles  # noqa: E402
from app.exports.models import BundleFormat  # noqa: E402
from app.exports.selection import BundleFilters  # noqa: E402
from app.fieldwork.models import FieldSession, SessionStatus, SessionType  # noqa: E402
from app.recruitment.models import Organisation, Participant, Sector  # noqa: E402
from app.studies import services as studies  # noqa: E402
from app.studies.models import Role, Study  # noqa: E402
from app.transcripts.models import (  # noqa: E402
    KeyEntry,
    SourceFormat,
    SpanCategory,
    Transcript,
    TranscriptSpeaker,
    TranscriptStatus,
    Turn,
)
from config import TestingConfig  # noqa: E402

DATA = Path(ROOT) / "app" / "anonymise" / "data"
WORDS = ("портал услуга заявка обращение цифровой процесс граждане данные время работа "
         "service application citizens data process platform office request").split()
PEOPLE = 100
RU_WORDS = ("и в не на что с как по это но он она они мы вы я был была было были есть будет можно нужно "
            "очень когда если потому также только уже ещё там здесь сейчас тогда работа время город "
            "район село семья дети школа больница услуга заявка обращение документ справка процесс "
            "портал сайт приложение очередь акимат отдел сотрудник начальник вопрос ответ проблема "
            "решение деньги зарплата пенсия пособие доступ интернет телефон цифровой электронный "
            "получить сделать прийти сказать думать знать помогать ждать писать звонить понимать "
            "год месяц неделя день утро вечер раньше потом сразу долго быстро хорошо плохо трудно").split()
EN_WORDS = ("the a of to and in is that it for on with as was this be are have digital service "
            "application office request citizens data platform online queue form app system").split()
CONNECT = ("ну вот короче например конечно то есть в общем мысалы енді сосын яғни ok so well").split()


README_LIKE = ("орыс", "орис", "казах", "англ")


def _names(file: str) -> list[str]:
    return [w.strip() for w in (DATA / file).read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.startswith("#")]


def realistic_key(rng: random.Random) -> dict:
    """A study's key as fieldwork leaves it (fictional, fixed seed): people, organisations, places, contacts."""
    # not the short names that read as a word of the bundle's README ("Орыся": "Орысша", Russian)
    firsts = _names("kk_first.txt") + [w.title() for w in _names("ru_short_names.txt")
                                       if len(w) > 3 and not w.startswith(README_LIKE)]
    surnames = _names("kk_surnames.txt")
    people = []
    for n in range(300):
        first, surname = rng.choice(firsts), rng.choice(surnames)
        female = first.endswith(("а", "я")) and rng.random() < 0.8
        name = f"{first} {surname}{'а' if female else ''}"
        if n % 3 == 0:  # a patronymic: Russian style or Kazakh
            father = rng.choice(_names("kk_first.txt"))
            name += (f" {father}{'овна' if female else 'ович'}" if rng.random() < 0.5
                     else f" {father} {'қызы' if female else 'ұлы'}")
        people.append(name)
    kinds = ("ТОО", "ОФ", "ГУ", "АО", "КГУ")
    common = [w for w in _names("kk_common.txt") if re.fullmatch(r"[а-яәғқңөұүһі]{5,}", w)]
    organisations = [f"{rng.choice(kinds)} «{rng.choice(common).title()} {rng.choice(surnames)}»" for _ in range(30)]
    places = [f"{w.title()}" for w in rng.sample([p for p in _names("kk_places.txt") if p[0].isupper()], 30)]
    contacts = []
    for n in range(100):
        contacts.append(f"+7 70{rng.randint(0, 8)} {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}")
        contacts.append(f"{translit_lower(people[n].split()[0])}.{n}@mail.kz")
    return {"people": people, "organisations": organisations, "places": places, "contacts": contacts}


def translit_lower(word: str) -> str:
    from app.anonymise.translit import latin_key  # noqa: PLC0415 (the engine's skeleton: good enough for an address)
    return latin_key(word).lower() or "user"


def vocabulary(key: dict) -> list[str]:
    """The transcripts' words: Russian, Kazakh and English, none of them a form of a name in the key
    (the leak check searches its places too)."""
    from app.anonymise import Roster  # noqa: PLC0415
    from app.anonymise.roster import RosterEntry  # noqa: PLC0415
    roster = Roster([RosterEntry("person", name, f"P{n:03d}") for n, name in enumerate(key["people"])]
                    + [RosterEntry("organisation", name, f"O{n:02d}") for n, name in enumerate(key["organisations"])]
                    + [RosterEntry("place", name, f"L{n:02d}") for n, name in enumerate(key["places"])])
    kazakh = [w for w in _names("kk_common.txt") if re.fullmatch(r"[а-яәғқңөұүһі]{2,}", w)]
    words = RU_WORDS * 20 + kazakh + EN_WORDS * 10
    return [w for w in words if not roster.matcher.hits(w.title()) and not roster.matcher.find(w.title() + " " + w)]


def realistic_turn(rng: random.Random, vocab: list[str], pseudonyms: list[str], words: int) -> str:
    """About `words` words in sentences: a capital first, a pseudonym now and then, commas, full stops."""
    out, sentence = [], []
    while len(out) < words:
        word = rng.choice(pseudonyms) if rng.random() < 0.03 else rng.choice(CONNECT if rng.random() < 0.05 else vocab)
        if not sentence:
            word = word[:1].upper() + word[1:]
        sentence.append(word + ("," if rng.random() < 0.08 else ""))
        if len(sentence) >= rng.randint(6, 16):
            out.extend(sentence[:-1] + [sentence[-1].rstrip(",") + rng.choice(".?.")])
            sentence = []
    return " ".join(out)


def setup(study_count_words: int, transcripts: int, rng: random.Random, realistic: bool = True):
    if realistic:
        return setup_realistic(study_count_words, transcripts, rng)
    coordinator = accounts.create_user("bench-coordinator@bench.example", "Bench Coordinator", "bench-password-x")
    reviewer = accounts.create_user("bench-reviewer@bench.example", "Bench Reviewer", "bench-password-x")
    study = studies.create_study(None, title="Bench study")
    studies.add_member(study, coordinator, Role.COORDINATOR, None)
    studies.add_member(study, reviewer, Role.ETHICS_REVIEWER, None)
    people = [Participant(study_id=study.id, name=f"Участник{n} Бенчмарков", pseudonym=f"P{n:03d}")
              for n in range(1, PEOPLE + 1)]
    db.session.add_all(people)
    db.session.flush()
    # the key, as review leaves it: every participant's name, so the leak check has names to look for
    db.session.add_all([KeyEntry(study_id=study.id, category=SpanCategory.PERSON, name=person.name,
                                 pseudonym=person.pseudonym, participant_id=person.id) for person in people])
    _consent(study, coordinator, reviewer, people)
    for n in range(transcripts):
        _transcript(study, coordinator, people[n % PEOPLE], n, study_count_words, rng)
        if n % 50 == 0:
            db.session.commit()
    db.session.commit()
    return study, coordinator


def setup_realistic(words: int, transcripts: int, rng: random.Random):
    """The study with a realistic key (see the docstring): people linked to participants, and organisations."""
    key = realistic_key(random.Random(18))
    coordinator = accounts.create_user("bench-coordinator@bench.example", "Bench Coordinator", "bench-password-x")
    reviewer = accounts.create_user("bench-reviewer@bench.example", "Bench Reviewer", "bench-password-x")
    study = studies.create_study(None, title="Bench study")
    studies.add_member(study, coordinator, Role.COORDINATOR, None)
    studies.add_member(study, reviewer, Role.ETHICS_REVIEWER, None)
    organisations = [Organisation(study_id=study.id, name=name, sector=Sector.LOCAL_AUTHORITY, pseudonym=f"ORG-{n + 1}")
                     for n, name in enumerate(key["organisations"])]
    db.session.add_all(organisations)
    people = []
    for n, name in enumerate(key["people"]):
        people.append(Participant(study_id=study.id, name=name, pseudonym=f"P{n + 1:03d}",
                                  phone=key["contacts"][2 * n] if n < 100 else None,
                                  email=key["contacts"][2 * n + 1] if n < 100 else None))
    db.session.add_all(people)
    db.session.flush()
    db.session.add_all([KeyEntry(study_id=study.id, category=SpanCategory.PERSON, name=p.name,
                                 pseudonym=p.pseudonym, participant_id=p.id) for p in people])
    db.session.add_all([KeyEntry(study_id=study.id, category=SpanCategory.ORGANISATION, name=o.name,
                                 pseudonym=o.pseudonym, organisation_id=o.id) for o in organisations])
    db.session.add_all([KeyEntry(study_id=study.id, category=SpanCategory.PLACE, name=name, pseudonym=f"PL-{n + 1}")
                        for n, name in enumerate(key["places"])])
    _consent(study, coordinator, reviewer, people)
    vocab = vocabulary(key)
    pseudonyms = [p.pseudonym for p in people] + [o.pseudonym for o in organisations]
    for n in range(transcripts):
        _transcript(study, coordinator, people[n % len(people)], n, words, rng,
                    lambda: realistic_turn(rng, vocab, pseudonyms, 100))
        if n % 50 == 0:
            db.session.commit()
    db.session.commit()
    return study, coordinator


def _consent(study, coordinator, reviewer, people):
    version = versions.create_form(study, "Bench consent", coordinator)
    versions.update_draft(version, coordinator, {"en": "Consent."}, version.items)
    versions.submit(version, coordinator)
    versions.approve(version, reviewer, date.today() - timedelta(days=90), "ok")
    for n, person in enumerate(people):
        answers = {key: (key != "archiving" or n % 10 != 0) for key in version.item_keys}
        consent.record_consent(person, version, date.today() - timedelta(days=60), ConsentMethod.ELECTRONIC,
                               coordinator, answers, coordinator)


def _transcript(study, staff, person, n, words, rng, turn=None):
    starts = datetime(2026, 1, 1, 5) + timedelta(hours=3 * n)
    session = FieldSession(study_id=study.id, code=f"SSI-{n + 1:04d}", type=SessionType.SEMI_STRUCTURED_INTERVIEW,
                           starts_at=starts, ends_at=starts + timedelta(hours=1), status=SessionStatus.COMPLETED)
    db.session.add(session)
    db.session.flush()
    t = Transcript(study_id=study.id, session_id=session.id, language="ru", source_format=SourceFormat.TXT,
                   file_sha256=f"{n:064d}", file_size=0, raw_text="", status=TranscriptStatus.APPROVED,
                   replacement_counts={"person": 3}, approved_at=starts)
    db.session.add(t)
    db.session.flush()
    speakers = [TranscriptSpeaker(transcript_id=t.id, label="I", user_id=staff.id),
                TranscriptSpeaker(transcript_id=t.id, label="R", participant_id=person.id)]
    db.session.add_all(speakers)
    db.session.flush()
    for position in range(words // 100):
        text = turn() if turn else " ".join(rng.choice(WORDS) for _ in range(100))
        db.session.add(Turn(transcript_id=t.id, position=position, speaker_id=speakers[position % 2].id,
                            start=0, end=0, anonymised_text=text))


def plain_zip(members: list[tuple[str, bytes]]) -> tuple[float, float]:
    """Seconds (wall, CPU) to write these files into a ZIP at the bundle's deflate level (the anchor)."""
    with tempfile.TemporaryFile() as out:
        started, cpu = time.perf_counter(), time.process_time()
        with zipfile.ZipFile(out, "w") as archive:
            for name, data in members:
                archive.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), data,
                                 compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
        return time.perf_counter() - started, time.process_time() - cpu


def scratch_app(folder: Path):
    """The app over the scratch database and files in `folder` (the measuring processes open it again)."""
    config = type("BenchConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                                                    "UPLOAD_FOLDER": str(folder / "uploads"),
                                                    "BUNDLE_FOLDER": str(folder / "bundles")})
    return create_app(config)


def measure(transcripts: int, words: int, runs: int, fmt: BundleFormat, realistic: bool = True) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="dala-bench-bundle-"))
    app = scratch_app(folder)
    with app.test_request_context():
        db.create_all()
        started = time.perf_counter()
        study, _coordinator = setup(words, transcripts, random.Random(7), realistic)
        print(f"\nsetup: {transcripts} transcripts x {words} words in {time.perf_counter() - started:.1f} s")
        builds, anchors, build_cpu, anchor_cpu = [], [], [], []
        for _run in range(runs):  # interleaved: build, then zip its bytes
            db.session.expunge_all()
            study = db.session.merge(study)
            started, cpu = time.perf_counter(), time.process_time()
            bundle = bundles.build_bundle(study, BundleFilters(), fmt, None)
            builds.append(time.perf_counter() - started)
            build_cpu.append(time.process_time() - cpu)
            stored = io.BytesIO(storage.current().read_bytes(bundles.AREA, bundle.checksum))
            with zipfile.ZipFile(stored) as archive:
                members = [(name, archive.read(name)) for name in archive.namelist()]
            wall, cpu = plain_zip(members)
            anchors.append(wall)
            anchor_cpu.append(cpu)
            db.session.rollback()
        raw = sum(len(data) for _name, data in members)
        _unpack(members, folder / "plain")  # the memory anchor zips these files again, one by one
        del members, stored
    build, anchor = statistics.median(builds), statistics.median(anchors)
    print(f"bundle: {bundle.transcript_count} transcripts in, {len(bundle.left_out)} left out, "
          f"{bundle.withheld_turns} turns withheld; {raw / 1e6:.1f} MB of text, zip {bundle.size_bytes / 1e6:.1f} MB")
    print(f"{'build (median of %d)' % runs:28} {build:8.2f} s  ({transcripts * words / build:,.0f} words/s, "
          f"leak check included)")
    print(f"{'zip of the same bytes':28} {anchor:8.2f} s")
    print(f"{'ratio build / zip':28} {build / anchor:8.2f}x  (CPU time: "
          f"{statistics.median(build_cpu):.2f} s / {statistics.median(anchor_cpu):.2f} s = "
          f"{statistics.median(build_cpu) / statistics.median(anchor_cpu):.2f}x)")
    memory = {what: _in_fresh_process(what, folder, fmt) for what in ("build", "traced", "zip")}
    shutil.rmtree(folder, ignore_errors=True)  # the scratch database and files (140 MB at 1,000)
    print(f"{'memory the build adds':28} {memory['build']['rss'] / 1e6:8.1f} MB resident at its peak "
          f"(zip of the same files: {memory['zip']['rss'] / 1e6:.1f} MB); "
          f"{memory['traced']['traced'] / 1e6:.1f} MB Python peak (tracemalloc), "
          f"{memory['traced']['warm'] / 1e6:.1f} MB in a second build (what the first loads once left out)")
    return {"ratio": build / anchor, "rss": memory["build"]["rss"], "traced": memory["traced"]["traced"],
            "warm": memory["traced"]["warm"], "zip_rss": memory["zip"]["rss"],
            "zip_traced": memory["traced"]["zip_traced"]}


def _unpack(members: list[tuple[str, bytes]], target: Path) -> None:
    for n, (name, data) in enumerate(members):
        (target / f"{n:06d}").parent.mkdir(parents=True, exist_ok=True)
        (target / f"{n:06d}").write_bytes(data)
    (target / "names.json").write_text(json.dumps([name for name, _data in members]))


def _in_fresh_process(what: str, folder: Path, fmt: BundleFormat) -> dict:
    done = subprocess.run([sys.executable, __file__, "--measure-memory", what, "--folder", str(folder),
                           "--format", fmt.value],
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the {what} memory measure failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _status(field: str) -> int:
    """A field of /proc/self/status in bytes (VmRSS: resident now; VmHWM: its peak)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise LookupError(field)


def _reset_peak() -> bool:
    """Start VmHWM afresh from the resident memory of now (Linux 4.0+); False where not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def measure_memory(what: str, folder: Path, fmt: BundleFormat) -> None:
    """In a process of its own: the memory a build (or the anchor's zip) adds once the app is
    loaded and the study read; prints it as JSON."""
    app = scratch_app(folder)
    with app.test_request_context():
        study = db.session.scalar(sa.select(Study))
        names = json.loads((folder / "plain" / "names.json").read_text())
        gc.collect()
        baseline = _status("VmRSS")
        reset = _reset_peak()
        if what == "traced":
            tracemalloc.start()
        if what == "zip":
            _zip_folder(folder, names)
        else:
            bundles.build_bundle(study, BundleFilters(), fmt, None)
            db.session.rollback()
        traced = tracemalloc.get_traced_memory()[1] if what == "traced" else 0
        peak = _status("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        warm = 0
        if what == "traced":  # a second build, once the first loaded and compiled what it needs once
            tracemalloc.reset_peak()
            start = tracemalloc.get_traced_memory()[0]
            bundles.build_bundle(study, BundleFilters(), fmt, None)
            db.session.rollback()
            warm = tracemalloc.get_traced_memory()[1] - start
            tracemalloc.reset_peak()  # the anchor's own: a plain ZipFile holds its entries' directory too
            start = tracemalloc.get_traced_memory()[0]
            _zip_folder(folder, names)
            zip_traced = tracemalloc.get_traced_memory()[1] - start
    print(json.dumps({"rss": peak - baseline, "traced": traced, "warm": warm,
                      "zip_traced": zip_traced if what == "traced" else 0}))


def _zip_folder(folder: Path, names: list[str]) -> None:
    """The memory anchor: the bundle's files, read one by one from the folder, into a plain ZIP."""
    with tempfile.TemporaryFile() as out, zipfile.ZipFile(out, "w") as archive:
        for n, name in enumerate(names):
            data = (folder / "plain" / f"{n:06d}").read_bytes()
            archive.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
            del data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="transcript counts, comma-separated")
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", choices=[f.value for f in BundleFormat], default=BundleFormat.ZIP.value,
                        help="the bundle's format (the anchor zips the same files either way)")
    parser.add_argument("--key", choices=("realistic", "small"), default="realistic",
                        help="the study's key: realistic (the default) or the older small one")
    parser.add_argument("--measure-memory", choices=("build", "traced", "zip"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_memory:
        measure_memory(args.measure_memory, Path(args.folder), BundleFormat(args.format))
        return
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"format: {args.format}, key: {args.key}")
    results = {size: measure(size, args.words, args.runs, BundleFormat(args.format), args.key == "realistic")
               for size in sizes}
    problems = [f"build {r['ratio']:.1f}x zip at {size} transcripts" for size, r in results.items() if r["ratio"] > 3]
    if len(sizes) > 1:
        large, small = results[max(sizes)], results[min(sizes)]
        print(f"\nmemory at {max(sizes)} / at {min(sizes)} transcripts:")
        for label, key in (("resident, build", "rss"), ("Python peak, build", "traced"),
                           ("Python peak, 2nd build", "warm"), ("resident, zip", "zip_rss")):
            ratio = f"{large[key] / small[key]:5.2f}x" if small[key] >= 1e6 else "  (under 1 MB: no ratio)"
            print(f"  {label:22} {small[key] / 1e6:6.1f} MB -> {large[key] / 1e6:6.1f} MB  {ratio}")
        growth = {key: (large[key] - small[key]) / 1e6 for key in ("warm", "zip_traced")}
        print(f"  growth of the Python peak: {growth['warm']:+.2f} MB in a second build, {growth['zip_traced']:+.2f} MB "
              f"in the plain zip of the same files ({small['zip_traced'] / 1e6:.2f} -> {large['zip_traced'] / 1e6:.2f} MB: "
              f"it holds each file whole while writing it, and every entry's directory until it closes)")
        for label, key in (("resident", "rss"), ("Python peak", "traced"), ("second build's Python peak", "warm")):
            if large[key] > 1.5 * small[key]:
                problems.append(f"the build's {label} memory grew {large[key] / small[key]:.2f}x")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if problems:
        sys.exit("over the limits of issue 18: " + "; ".join(problems))
    print("within issue 18's limits: build <= 3x zip, memory flat (peak at the largest size <= 1.5x the smallest).")


if __name__ == "__main__":
    main()
