"""The ethics report as one PDF, printed in parts (issue 18).

The figures (app.consent.report) come first; then the flags, the withdrawals and the session
lines are cut into documents of at most ROWS_PER_DOCUMENT table rows each (a small study's
report is a single document, as it always was), rendered one at a time by
app.core.pdf.numbered_pdf, which joins them and numbers the pages of the whole. The session
lines are a generator over one streamed query: neither the rows nor WeasyPrint's layout of
them are held for the whole study at once.
"""
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

from flask import render_template

from app.consent import labels, report
from app.core.pdf import NO_PAGE_COUNTER, numbered_pdf

ROWS_PER_DOCUMENT = 400
HEAD_ROWS = 12  # the facts and the coverage: about as tall as a dozen rows


@dataclass
class Part:
    kind: str  # head, flags, withdrawals, sessions
    first: bool  # the section begins here (its heading)
    rows: list


def parts(figures: report.ReportFigures, lines: Iterable, per_document: int = ROWS_PER_DOCUMENT,
          done: Callable[[int], None] | None = None) -> Iterator[list[Part]]:
    """The parts of each document in turn; `done(rows)` hears how many rows are printed so far."""
    sections = [("flags", iter(figures.flags)), ("withdrawals", iter(figures.withdrawals)),
                ("sessions", iter(lines))]
    document, used, printed = [Part("head", True, [])], HEAD_ROWS, 0
    for kind, rows in sections:
        first = True
        while True:
            if used >= per_document:
                yield document
                if done:
                    done(printed)
                document, used = [], 0
            taken = list(islice(rows, per_document - used))
            if not taken and not first:
                break
            document.append(Part(kind, first, taken))
            first, used, printed = False, used + max(len(taken), 1), printed + len(taken)
    if document:
        yield document
        if done:
            done(printed)


def write_report(study, lang: str, out: BinaryIO, progress: Callable[[int, int], None] | None = None,
                 per_document: int | None = None) -> int:
    """The study's ethics report, in the current locale, as PDF into `out`; returns its pages.
    `progress(done, total)` hears the rows printed (flags, withdrawals, sessions)."""
    keep: list = []  # the rows the rule looks up while the session lines stream
    figures = report.report_figures(study, keep)
    total = len(figures.flags) + len(figures.withdrawals) + figures.session_count
    by_participant = report.withdrawals_by_participant(w for _p, w in figures.withdrawals)
    lines = report.session_lines(study, by_participant)

    def done(rows: int) -> None:
        if progress:
            progress(min(rows, total), total)

    documents = (render_template("pdf/ethics_report.html", study=study, figures=figures, parts=document,
                                 pdf_lang=lang, page_counter=NO_PAGE_COUNTER, flag_labels=labels.FLAG_LABELS,
                                 scope_labels=labels.SCOPE_LABELS, item_labels=labels.ITEM_SHORT_LABELS)
                 for document in parts(figures, lines, per_document or ROWS_PER_DOCUMENT, done))
    pages = numbered_pdf(documents, out)
    del keep
    return pages
