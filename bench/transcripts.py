"""Benchmark transcript layouts: detect + parse a 2-hour focus group (20,000 words) in each
layout, and refuse a 5 MB .docx bomb.

    python bench/transcripts.py [--words N] [--repeat N]

For each layout the same fictional focus group (six speakers, turns of about 60 words) is
written as that tool writes it; the script times ``layouts.read`` (decode, try every layout of
the format, parse in the best) and takes its peak Python memory (tracemalloc), beside an anchor
measured in the same run on the same file: decoding and splitting it into lines (for .docx,
python-docx opening it), the least any reader must do. It checks the layout found and that no
turn lost its speaker. Then a .docx of 5 MB that unpacks to about 1 GB is refused: time, peak
Python memory and growth of the process's resident memory. Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import time
import tracemalloc
import zipfile

import docx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from app import create_app  # noqa: E402
from app.transcripts import layouts  # noqa: E402
from app.transcripts.parsing import ParseError, decode  # noqa: E402
from config import TestingConfig  # noqa: E402

WORDS = ("портал услуга заявка обращение цифровой процесс граждане данные время работа очередь "
         "акимат справка подпись консультант service application citizens office request").split()
SPEAKERS = ["Модератор", "Айгерим Тестова", "Бекзат Примеров", "Dana Fictional", "Ержан Вымыслов",
            "Салтанат Условная"]


def focus_group(words: int, seed: int = 7) -> list[tuple[str, str, int]]:
    """(speaker, words, second) turns adding up to about `words` words."""
    rng, turns, said, second = random.Random(seed), [], 0, 0
    while said < words:
        n = rng.randint(20, 100)
        text = " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."
        turns.append((SPEAKERS[len(turns) % len(SPEAKERS)] if len(turns) % 2 else SPEAKERS[0], text, second))
        said, second = said + n, second + n // 2
    return turns


def _clock(second: int) -> str:
    return f"{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"


def _minutes(second: int) -> str:
    """Otter's and Teams' stamps: m:ss, and h:mm:ss past the first hour."""
    if second >= 3600:
        return f"{second // 3600}:{second // 60 % 60:02d}:{second % 60:02d}"
    return f"{second // 60}:{second % 60:02d}"


def _docx(paragraphs=(), rows=None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.rows[r].cells[c].text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def files(turns) -> dict[str, tuple[str, bytes]]:
    """{layout: (format, bytes)} of the focus group in each layout."""
    cues = "".join(f"{i + 1}\n{_clock(s)}.000 --> {_clock(s + 20)}.000\n{{}}\n\n".format(f"{who}: {text}")
                   for i, (who, text, s) in enumerate(turns))
    voices = "".join(f"{_clock(s)}.000 --> {_clock(s + 20)}.000\n<v {who}>{text}\n\n" for who, text, s in turns)
    srt = "".join(f"{i + 1}\n{_clock(s)},000 --> {_clock(s + 20)},000\n[{who}] {text}\n\n"
                  for i, (who, text, s) in enumerate(turns))
    tags = {who: f"SPEAKER_{n:02d}" for n, who in enumerate(SPEAKERS)}
    return {
        "dala": ("txt", "".join(f"{who}: {text}\n" for who, text, _s in turns).encode()),
        "zoom": ("vtt", ("WEBVTT\n\n" + cues).encode()),
        "subtitles": ("vtt", ("WEBVTT\n\n" + voices).encode()),
        "subtitles (srt)": ("srt", srt.encode()),
        "whisper": ("txt", "".join(f"[{_clock(s)}.000 --> {_clock(s + 20)}.000] [{tags[who]}]: {text}\n"
                                   for who, text, s in turns).encode()),
        "otter": ("txt", "".join(f"{who}  {_minutes(s)}\n{text}\n\n" for who, text, s in turns).encode()),
        "teams": ("docx", _docx([p for who, text, s in turns for p in (f"{who}   {_minutes(s)}", text)])),
        "word_transcribe": ("docx", _docx([p for who, text, s in turns for p in (_clock(s), who, text)])),
        "docx_table": ("docx", _docx([], [["Время", "Говорящий", "Текст"]]
                                     + [[_clock(s), who, text] for who, text, s in turns])),
        "plain": ("txt", "\n\n".join(text for _who, text, _s in turns).encode()),
    }


def _measure(action, repeat: int) -> tuple[float, int, object]:
    """(best seconds, peak traced bytes of one run, result)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak, result


def _anchor(fmt: str, data: bytes):
    if fmt == "docx":
        return lambda: docx.Document(io.BytesIO(data))
    return lambda: decode(data)[0].split("\n")


def bomb(size: int = 5 * 1024 * 1024, unpacked: int = 1 << 30) -> bytes:
    """A .docx of about `size` bytes: a small real document, an XML part of `unpacked` bytes of
    zeros, and incompressible "media" making up the rest of the size."""
    out = io.BytesIO()
    real = zipfile.ZipFile(io.BytesIO(_docx(["Модератор: Начнём."])))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in real.infolist():
            archive.writestr(info, real.read(info.filename))
        with archive.open("word/glossary.xml", "w", force_zip64=True) as part:
            chunk = b"0" * (1 << 20)
            for _ in range(unpacked >> 20):
                part.write(chunk)
        archive.writestr("word/media/image1.png", random.Random(1).randbytes(max(0, size - out.tell())),
                         compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = create_app(TestingConfig)
    turns = focus_group(args.words)
    print(f"focus group: {sum(len(t.split()) for _w, t, _s in turns)} words, {len(turns)} turns, "
          f"{len(SPEAKERS)} speakers")
    print(f"{'layout':18} {'size':>8} {'found':16} {'turns':>6} {'loose':>6} "
          f"{'read ms':>8} {'peak MB':>8} {'anchor ms':>10} {'anchor MB':>10}")
    with app.test_request_context():
        for name, (fmt, data) in files(turns).items():
            seconds, peak, parsed = _measure(lambda fmt=fmt, data=data: layouts.read(data, fmt), args.repeat)
            anchor_s, anchor_peak, _ = _measure(_anchor(fmt, data), args.repeat)
            print(f"{name:18} {len(data) // 1024:>6}kB {parsed.layout:16} {len(parsed.turns):>6} "
                  f"{len(parsed.unattributed):>6} {seconds * 1000:>8.0f} {peak / 2**20:>8.1f} "
                  f"{anchor_s * 1000:>10.0f} {anchor_peak / 2**20:>10.1f}")
        start = time.perf_counter()
        data = bomb()
        made = time.perf_counter() - start
        declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        start = time.perf_counter()
        try:
            layouts.read(data, "docx")
            outcome = "ACCEPTED (wrong)"
        except ParseError as refused:
            outcome = f"refused: {refused}"
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        print(f"\ndocx bomb: {len(data) / 2**20:.1f} MB file, {declared / 2**30:.2f} GB unpacked (made in {made:.1f} s)")
        print(f"  {outcome}")
        print(f"  {seconds * 1000:.1f} ms, peak Python memory {peak / 2**20:.2f} MB, "
              f"resident memory growth {rss_growth:.1f} MB (limit 50 MB)")


if __name__ == "__main__":
    main()
