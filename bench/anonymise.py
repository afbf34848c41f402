"""Benchmark the anonymisation engine on the shared annotated sets.

    python bench/anonymise.py [--shared ../shared] [--sets dev,factru,gum]
                              [--limit N] [--blind-names]

For each set: span recall per gold type, direct-identifier recall and
precision as computed by ``anon-bench/score.py``, and throughput in words
per second with the named-entity step (full detect) and without it (roster
and patterns only, with the dev roster loaded so the roster index is used).
``--blind-names`` first removes from the engine's word lists every word that
occurs in the set's gold spans, to show what the rules give on unseen names.
Paths are relative to the project root. Prints figures; not a test.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from app.anonymise import (  # noqa: E402
    Roster,
    detect,
    rules,  # noqa: E402
)
from app.anonymise import ner as ner_models  # noqa: E402

SETS = {
    "dev": ("anon-dev/docs.jsonl", True),
    "factru": ("anon-bench/factrueval-ru.jsonl", False),
    "gum": ("anon-bench/gum-en.jsonl", False),
}


def load_jsonl(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_scorer(shared):
    spec = importlib.util.spec_from_file_location("score", os.path.join(shared, "anon-bench",
                                                                         "score.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def blind(docs):
    """Drop gold-span words from the rule word lists, the census lists of the
    ``names`` package included, to see what the rules give on unseen names."""
    from app.anonymise.normalise import candidates
    from app.anonymise.tokens import tokenize

    seen = set()
    for doc in docs:
        for span in doc["spans"]:
            for tok in tokenize(doc["text"][span["start"]:span["end"]]):
                seen |= candidates(tok.text) | {tok.text.lower()}
    rules.FIRST_STEMS = rules.FIRST_STEMS - seen
    rules.PLACE_STEMS = rules.PLACE_STEMS - seen
    for name in ("CENSUS_FIRST", "CENSUS_LAST", "CENSUS_BOTH", "CENSUS_ANY"):
        if hasattr(rules, name):  # the census lists from the names package
            setattr(rules, name, getattr(rules, name) - seen)


def run(docs, roster, ner):
    start = time.perf_counter()
    preds = []
    for doc in docs:
        lang = doc.get("lang") if doc.get("lang") in ("ru", "kk", "en") else "auto"
        spans = detect(doc["text"], roster, lang=lang, ner=ner)
        preds.append({"id": doc["id"], "spans": [s.to_dict() for s in spans]})
    return preds, time.perf_counter() - start


def report(name, docs, metrics, words, seconds_ner, seconds_fast):
    print(f"== {name}: {len(docs)} documents, {words:,} words")
    for etype, v in metrics["per_type"].items():
        print(f"   {etype:<8} span recall {v['span_recall']:.3f} ({v['gold_spans']} spans)"
              f"  char recall {v['char_recall']:.3f}")
    print(f"   direct recall {metrics['direct_recall']:.3f} of {metrics['direct_spans']}"
          f"   quasi recall {metrics['quasi_recall']:.3f}   precision {metrics['precision']:.3f}")
    print(f"   words/s with NER {words / seconds_ner:,.0f}"
          f"   roster+patterns only {words / seconds_fast:,.0f}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--sets", default="dev,factru,gum")
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents")
    ap.add_argument("--blind-names", action="store_true")
    ap.add_argument("--out", help="folder for the prediction files")
    args = ap.parse_args(argv)
    score = load_scorer(args.shared)
    dev_roster = Roster.from_csv(os.path.join(args.shared, "anon-dev", "roster.csv"))
    ner_models.natasha_spans("Разогрев модели.")  # load outside the timing
    for name in args.sets.split(","):
        path, with_roster = SETS[name]
        docs = load_jsonl(os.path.join(args.shared, path))[: args.limit or None]
        if args.blind_names:
            blind(docs)
        roster = dev_roster if with_roster else None
        preds, seconds_ner = run(docs, roster, ner=True)
        _, seconds_fast = run(docs, dev_roster, ner=False)
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            with open(os.path.join(args.out, f"{name}.jsonl"), "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in preds)
        words = sum(len(d["text"].split()) for d in docs)
        report(name, docs, score(docs, preds), words, seconds_ner, seconds_fast)


if __name__ == "__main__":
    main()
