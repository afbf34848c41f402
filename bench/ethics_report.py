"""Benchmark the ethics report (issue 18): the background job's way against main's way, beside
WeasyPrint alone rendering as many pages, in the same run.

    python bench/ethics_report.py [--sizes 500,5000,50000] [--old-max 5000] [--database URL]

For each size, the test world's study grown in bulk (bench/scratch.py sized_world: n
participants, 2n/5 sessions, attended with valid consent) and then, each in a forked child
so that its peak memory (the child's maximum resident set) is its own:

- anchor: WeasyPrint alone rendering plain pages (a 30-row table each, a page break between
  them) as many as the new report has: the machine's speed at this moment;
- new: app.consent.report_pdf.write_report, what the job runs (figures from SQL and streamed
  queries, the PDF in parts of ROWS_PER_DOCUMENT rows joined and numbered);
- old: main's way (app.consent.flags.load of the whole study, every participant read, one
  WeasyPrint document of every row), only up to --old-max participants (at 50,000 it took
  about 18 minutes and 3 GB);
- with --again, the new way and the anchor once more (A, B, A, B), to show how the load moved.

Run of 4 December 2026 (SQLite, 2 cores shared, load average 18-25 throughout):
50,000 participants (20,000 sessions, 1,152 pages): new 929 s, peak 256 MB (+110 MB over the
child's start); WeasyPrint alone on 1,152 pages in one document 924 s, peak 4,117 MB (+3,971).
Main's way at 50,000, measured before (bench/pages.py): 18 min and 3 GB in the web request.
5,000 participants (2,000 sessions, --again, load 16-13): anchor 69.0 / 74.0 s, peak +426 MB
(117 pages); new 72.9 / 82.9 s, +83 MB (117 pages: parts end on a page of their own); old
(main's way) 77.3 s, +311 MB (111 pages). At 5,000 the time is WeasyPrint's either way; what
the parts save is memory, and at 50,000 the one long table main rendered.

Each study is built in a child too, so every measurement starts from the same lean parent
(the app loaded); the peak is the child's VmHWM, reset at its start, printed with how much it
grew over the resident set it started with. Prints figures and the load; not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

import sqlalchemy as sa
from scratch import machine, scratch_app, sized_world
from weasyprint import HTML

LANG = "ru"


def status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def reset_peak() -> None:
    """Start this process's peak resident set (VmHWM) from what it holds now (Linux 4.0+)."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def in_child(app, work) -> dict:
    """Run work() in a forked child; its result, seconds, resident set at the start and peak
    (MB): the child starts as the parent is (the app loaded, no study in memory)."""
    from app.core.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        code = 0
        try:
            with app.app_context():
                reset_peak()
                start = status_kb("VmRSS")
                began = time.perf_counter()
                result = work()
                result["seconds"] = time.perf_counter() - began
                result["start_mb"], result["peak_mb"] = start / 1024, status_kb("VmHWM") / 1024
        except BaseException as error:  # noqa: BLE001 (reported by the parent)
            result, code = {"error": repr(error)}, 1
        os.write(write, json.dumps(result).encode())
        os.close(write)
        os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data or '{"error": "no result"}')


def build(size: int):
    def work() -> dict:
        with __import__("flask").current_app.test_request_context():
            world = sized_world(size)
            return {"study_id": world["study"].id}
    return work


def new_way(study_id: int):
    def work() -> dict:
        from app.consent import report_pdf
        from app.core.extensions import db
        from app.core.locales import in_locale
        from app.studies.models import Study

        study = db.session.get(Study, study_id)
        with tempfile.TemporaryFile() as out, in_locale(LANG):
            pages = report_pdf.write_report(study, LANG, out)
            size = out.tell()
        return {"pages": pages, "bytes": size}
    return work


def old_way(study_id: int):
    """Main's report (bcf3113): the whole study through flags.load, every participant read, the
    lines from the loaded sessions, one WeasyPrint document of every row."""
    def work() -> dict:
        from pypdf import PdfReader

        from app.consent import flags, labels
        from app.consent.models import STANDARD_ITEMS
        from app.consent.report import ReportFigures, SessionLine
        from app.consent.report_pdf import Part
        from app.core.extensions import db
        from app.core.locales import in_locale
        from app.core.pdf import render_pdf
        from app.fieldwork.models import Attendance
        from app.recruitment.models import Participant
        from app.studies.models import Study

        study = db.session.get(Study, study_id)
        with in_locale(LANG):
            data = flags.load(study)
            participants = db.session.scalars(sa.select(Participant).where(Participant.study_id == study.id)
                                              .order_by(Participant.pseudonym)).all()
            by_id = {p.id: p for p in participants}
            attended_ids = {a.participant_id for a, _day in data.attended}
            withdrawals = sorted((w for ws in data.withdrawals.values() for w in ws), key=lambda w: w.withdrawn_on)
            lines = []
            for session in data.sessions:
                day = data.day_of(session)
                attended = [a for a in session.attendees if a.attendance == Attendance.ATTENDED]
                lines.append(SessionLine(session, day, len(attended),
                                         sum(data.standing_on(a.participant_id, day).valid for a in attended),
                                         sum(data.standing_on(a.participant_id, day).says_yes("audio")
                                             for a in attended)))
            figures = ReportFigures(data.today, {
                "participants": len(participants), "with_record": len(data.records),
                "valid_today": sum(1 for pid in data.records if data.standing_on(pid, data.today).valid),
                "attended": len(attended_ids), "attended_with_record": len(attended_ids & set(data.records))},
                {key: sum(1 for r in data.records.values() if r.says_yes(key)) for key in STANDARD_ITEMS},
                flags.study_flags(study, data), [(by_id.get(w.participant_id), w) for w in withdrawals],
                len(lines))
            parts = [Part("head", True, []), Part("flags", True, figures.flags),
                     Part("withdrawals", True, figures.withdrawals), Part("sessions", True, lines)]
            pdf = render_pdf("pdf/ethics_report.html", study=study, figures=figures, parts=parts, pdf_lang=LANG,
                             flag_labels=labels.FLAG_LABELS, scope_labels=labels.SCOPE_LABELS,
                             item_labels=labels.ITEM_SHORT_LABELS)
        return {"pages": len(PdfReader(__import__("io").BytesIO(pdf)).pages), "bytes": len(pdf)}
    return work


def anchor(pages: int):
    def work() -> dict:
        row = "<tr><td>SSI-0001</td><td>12.03.2026</td><td>да</td><td>5</td><td>5</td><td>4</td></tr>"
        page = f"<table>{row * 30}</table>"
        html = ("<html><head><style>@page { size: A4; margin: 20mm } html { font-family: 'DejaVu Sans' } table { width: 100%; border-collapse: collapse }"
                " td { border: 0.5pt solid #999; padding: 1mm } .p { break-after: page }</style></head><body>"
                + "".join(f'<div class="p">{page}</div>' for _ in range(pages)) + "</body></html>")
        document = HTML(string=html).render()
        pdf = document.write_pdf()
        return {"pages": len(document.pages), "bytes": len(pdf)}
    return work


def line(name: str, result: dict) -> str:
    if "error" in result:
        return f"  {name:7} failed: {result['error']}"
    return (f"  {name:7} {result['seconds']:8.1f} s  peak {result['peak_mb']:6.0f} MB "
            f"(+{result['peak_mb'] - result['start_mb']:4.0f} over its start)  "
            f"{result['pages']:5} pages  {result['bytes'] / 1e6:6.2f} MB of PDF")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="scratch database URL (emptied first)")
    parser.add_argument("--sizes", default="500,5000", help="participants per study, comma-separated")
    parser.add_argument("--old-max", type=int, default=5000, help="largest size main's way is run at")
    parser.add_argument("--again", action="store_true", help="then the new way and the anchor once more")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(machine())
    with scratch_app(args.database, "bench_report") as app:
        from app.core.extensions import db

        with app.app_context():
            dialect = db.engine.dialect.name
        studies = {}
        for size in sizes:  # built in a child: the parent the measurements fork from stays lean
            built = in_child(app, build(size))
            studies[size] = built["study_id"]
            print(f"study of {size:,} participants built in {built['seconds']:.1f} s on {dialect}")
        for size in sizes:
            print(f"\n{size:,} participants, {size * 2 // 5:,} sessions; {machine()}")
            new = in_child(app, new_way(studies[size]))
            pages = new.get("pages") or 1
            print(line("anchor", in_child(app, anchor(pages))))
            print(line("new", new))
            if size <= args.old_max:
                print(line("old", in_child(app, old_way(studies[size]))))
                if args.again:
                    print(line("new", in_child(app, new_way(studies[size]))))
            if args.again:
                print(line("anchor", in_child(app, anchor(pages))))
            print(f"  load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
