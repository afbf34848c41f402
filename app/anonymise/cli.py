"""``flask anonymise detect|apply``: batch anonymisation of JSON-lines files.

The click group ``anonymise_cli`` needs no Flask; the app factory registers it
(``app.cli.add_command(anonymise_cli)``) and tests call it with CliRunner.
"""
from __future__ import annotations

import json
import os
import re
import sys
import tempfile

import click

from .detect import detect
from .key import Key
from .pseudonymise import apply
from .roster import Roster, RosterError

LANG_CHOICE = click.Choice(["auto", "ru", "kk", "en"])
PROGRESS_MIN_LINES = 50


@click.group("anonymise")
def anonymise_cli():
    """Detect and replace personal identifiers in transcripts (JSON lines)."""


def _options(func):
    func = click.option("--roster", "roster_path", type=click.Path(dir_okay=False),
                        help="CSV with kind,name,pseudonym,aliases.")(func)
    func = click.option("--lang", type=LANG_CHOICE, default="auto", show_default=True,
                        help="Language of the texts; a line's own \"lang\" wins.")(func)
    func = click.option("--no-ner", is_flag=True, help="Roster and patterns only (fast).")(func)
    return click.argument("infile", type=click.Path(dir_okay=False))(func)


@anonymise_cli.command("detect")
@_options
def detect_command(infile, lang, roster_path, no_ner):
    """Write {"id", "spans": [...]} for each {"id", "text"} line of INFILE."""
    roster, docs = _load(infile, roster_path)

    def work(doc):
        spans = detect(doc["text"], roster, _lang(doc, lang), ner=not no_ner)
        return {"id": doc.get("id"), "spans": [_span_out(s) for s in spans]}

    _write_lines(_each(infile, docs, work))


@anonymise_cli.command("apply")
@_options
@click.option("--key", "key_path", type=click.Path(dir_okay=False),
              help="Key JSON: read if it exists, written back with new entities.")
@click.option("--realistic", is_flag=True, help="Realistic names for new keys, not codes.")
def apply_command(infile, lang, roster_path, no_ner, key_path, realistic):
    """Write {"id", "text"} with each text of INFILE anonymised."""
    roster, docs = _load(infile, roster_path)
    key = _load_key(key_path, realistic)
    if roster is not None:
        key.add_roster(roster)

    def work(doc):
        spans = doc.get("spans")
        if spans is None:
            spans = detect(doc["text"], roster, _lang(doc, lang), ner=not no_ner)
        elif not isinstance(spans, list):
            raise ValueError('"spans" is not a list')
        text, _ = apply(doc["text"], spans, key)
        return {"id": doc.get("id"), "text": text}

    out = _each(infile, docs, work)
    _write_lines(out)
    if key_path:
        _atomic_write(key_path, json.dumps(key.to_dict(), ensure_ascii=False, indent=1))


def _span_out(span) -> dict:
    return {"start": span.start, "end": span.end, "category": span.category,
            "source": span.source}


def _lang(doc, default):
    lang = doc.get("lang") or default
    return lang if lang in ("ru", "kk", "en") else "auto"


def _fail(message: str):
    raise click.ClickException(message)


def _load(infile, roster_path):
    roster = None
    if roster_path:
        try:
            roster = Roster.from_csv(roster_path)
        except (OSError, RosterError, UnicodeDecodeError) as exc:
            _fail(f"cannot read roster {roster_path}: {exc}")
    return roster, _read_docs(infile)


def _read_docs(infile) -> list[dict]:
    """The documents of a JSON-lines file; any bad line stops the run with one
    line naming it (no output is written, see ``_write_lines``)."""
    try:
        with open(infile, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        _fail(f"cannot read {infile}: {exc}")
    docs = []
    for lineno, line in enumerate(raw.split(b"\n"), 1):
        try:
            line = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            _fail(f"{infile}:{lineno}: not UTF-8 text (byte {exc.start + 1})")
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            _fail(f"{infile}:{lineno}: not a JSON object")
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            _fail(f"{infile}:{lineno}: missing \"text\"")
        bad = _SURROGATE.search(doc["text"])
        if bad:
            _fail(f"{infile}:{lineno}: \"text\" holds an unpaired surrogate at character"
                  f" {bad.start()}")
        docs.append((lineno, doc))
    return docs


_SURROGATE = re.compile("[\ud800-\udfff]")


def _each(infile, docs, work):
    """``work(doc)`` for every document; an unexpected failure names its line."""
    out = []
    for lineno, doc in _progress(docs):
        try:
            out.append(work(doc))
        except (ValueError, TypeError, KeyError, AttributeError, IndexError,
                RecursionError, MemoryError) as exc:
            _fail(f"{infile}:{lineno}: cannot process this document: {exc}")
    return out


def _load_key(key_path, realistic) -> Key:
    if not key_path or not os.path.exists(key_path):
        return Key(realistic=realistic)
    try:
        with open(key_path, encoding="utf-8") as fh:
            return Key.from_dict(json.load(fh))
    except (OSError, ValueError, AttributeError) as exc:
        _fail(f"cannot read key {key_path}: {exc}")


def _progress(docs):
    """A progress bar on standard error for large inputs."""
    if len(docs) < PROGRESS_MIN_LINES:
        return docs
    from tqdm import tqdm

    return tqdm(docs, file=sys.stderr, unit="doc", leave=False)


def _write_lines(rows) -> None:
    """Everything is computed before the first line is written: no half output."""
    click.echo("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), nl=False)


def _atomic_write(path, content: str) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".key-", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(content)
    os.replace(tmp, path)
