"""Build the Kazakh lexicons and train the Kazakh CRF shipped in app/anonymise/data.

    python bench/train_kk_crf.py [--shared ../shared] [--c1 0.1] [--c2 0.01]
    python bench/train_kk_crf.py --folds 5      # k-fold check; writes nothing

Source: ``anon-bench/kaznerd-valid-kk.jsonl`` (KazNERD's validation split,
Yeshpanov, Khassanov, Varol, LREC 2022, CC BY 4.0). Every fifth document
(index % 5 == 4) is held out: the lexicons and the model see only the other
four fifths, and the script prints the held-out figures of ``score.py`` for the
CRF alone and for the whole engine (``detect(lang="kk")``). Writes
``kk_first.txt``, ``kk_surnames.txt``, ``kk_places.txt``, ``kk_common.txt`` and
``kk_ner.crfsuite``; run it again to rebuild them (deterministic).

``--folds K`` writes nothing: it splits the documents into K folds (document
index % K), and for each fold builds the lexicons and trains the model on the
other folds only (in memory and a temporary file), then scores the CRF alone
and the engine on the fold; it prints each fold and the mean and spread
(standard deviation) of direct recall, precision, person recall and person
precision. One held-out fifth alone shares vocabulary with the rest and
varies with the split; the spread says how far one figure can be trusted.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import pycrfsuite  # noqa: E402

from app.anonymise.normalise import canonical, fold  # noqa: E402

DATA = os.path.join(ROOT, "app", "anonymise", "data")
TYPES = {"PERSON": "PER", "LOC": "LOC", "ORG": "ORG"}


def load(shared):
    path = os.path.join(shared, "anon-bench", "kaznerd-valid-kk.jsonl")
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    train = [d for i, d in enumerate(docs) if i % 5 != 4]
    held = [d for i, d in enumerate(docs) if i % 5 == 4]
    return train, held


def build_lexicons(train):
    """First names (first word of a two- or three-word person), surnames (last
    word), one-word places, each seen at least twice or in nominative form."""
    from app.anonymise import kk_crf

    first, last, places = Counter(), Counter(), Counter()
    for doc in train:
        for span in doc["spans"]:
            words = [w for _, _, w in kk_crf.tokens(doc["text"][span["start"]:span["end"]])]
            words = [w for w in words if w[0].isupper() and len(w) > 2]
            if span["type"] == "PERSON" and 2 <= len(words) <= 3:
                first[words[0]] += 1
                last[_nominative(words[-1])] += 1
            elif span["type"] == "LOC" and len(words) == 1:
                places[_nominative(words[0])] += 1
    outside = _outside_counts(train)

    def keep(counter):
        # A word written more often outside a gold span than inside is an
        # ordinary word ("Президент", "Әлі"), not a name.
        return sorted(w for w, n in counter.items() if len(w) > 2 and outside[w] <= n)

    return keep(first), keep(last), keep(places)


def common_words(train, least=3):
    """Words written in lower case at least ``least`` times: ordinary Kazakh
    words, so a capitalised one at a sentence start is no name ("Әлі", "Бұл",
    "Сондай-ақ": hyphenated words too)."""
    from app.anonymise import kk_crf

    seen = Counter()
    for doc in train:
        for _, _, word in kk_crf.tokens(doc["text"]):
            if word.replace("-", "").isalpha() and word.islower() and len(word) > 1:
                seen[word] += 1
    return sorted(w for w, n in seen.items() if n >= least)


def _outside_counts(train):
    from app.anonymise import kk_crf

    outside = Counter()
    for doc in train:
        inside = set()
        for span in doc["spans"]:
            inside.update(range(span["start"], span["end"]))
        for s, _, word in kk_crf.tokens(doc["text"]):
            if s not in inside:
                outside[_nominative(word)] += 1
    return outside


def _nominative(word):
    """The word with a case ending cut, in its own letters."""
    stem = canonical(word)
    folded = fold(word).lower()
    n = len(stem) if folded.startswith(stem) else len(word)
    return word[:max(n, 3)] if n < len(word) else word


def write_list(name, words):
    with open(os.path.join(DATA, name), "w", encoding="utf-8") as fh:
        fh.write("\n".join(words) + "\n")


def sentences(doc):
    """(tokens, BIO labels) per sentence of a gold document."""
    from app.anonymise import kk_crf

    text = doc["text"]
    owner = {}
    for span in doc["spans"]:
        for i in range(span["start"], span["end"]):
            owner[i] = (span["start"], TYPES[span["type"]])
    for sent in kk_crf.sentence_tokens(text):
        labels, prev = [], None
        for s, e, _ in sent:
            hit = owner.get(s)
            if hit is None:
                labels.append("O")
                prev = None
            else:
                labels.append(("I-" if prev == hit else "B-") + hit[1])
                prev = hit
        yield [w for _, _, w in sent], labels


def train_model(train, c1, c2, path):
    from app.anonymise import kk_crf

    trainer = pycrfsuite.Trainer(verbose=False)
    for doc in train:
        for words, labels in sentences(doc):
            trainer.append(kk_crf.features(words), labels)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": 150,
                        "feature.possible_transitions": True, "feature.minfreq": 2})
    trainer.train(path)


def cross_validate(shared, folds, c1, c2):
    """Train and score on each of ``folds`` folds; nothing shipped is written."""
    import statistics
    import tempfile

    from app.anonymise import detect, kk, kk_crf

    path = os.path.join(shared, "anon-bench", "kaznerd-valid-kk.jsonl")
    with open(path, encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]
    shipped, shipped_tagger = kk._data, kk_crf.tagger
    rows = {"CRF alone": [], "engine (lang=kk)": []}
    try:
        for k in range(folds):
            train = [d for i, d in enumerate(docs) if i % folds != k]
            held = [d for i, d in enumerate(docs) if i % folds == k]
            first, last, places = build_lexicons(train)
            lists = {"kk_first.txt": first, "kk_surnames.txt": last,
                     "kk_places.txt": places, "kk_common.txt": common_words(train)}
            kk._data = lists.get
            _clear_caches()
            with tempfile.TemporaryDirectory() as tmp:
                model = os.path.join(tmp, "fold.crfsuite")
                train_model(train, c1, c2, model)
                tagger = pycrfsuite.Tagger()
                tagger.open(model)
                kk_crf.tagger = lambda: tagger
                for name, find in (("CRF alone", lambda t: kk_crf.crf_spans(t)),
                                   ("engine (lang=kk)", lambda t: detect(t, lang="kk"))):
                    rows[name].append(_figures(shared, held, find))
                    print(f"fold {k + 1}/{folds} ({len(held)} documents) {name}: "
                          + _line(rows[name][-1]), flush=True)
                tagger.close()
                kk_crf.tagger = shipped_tagger
    finally:
        kk._data, kk_crf.tagger = shipped, shipped_tagger
        _clear_caches()
    for name, figs in rows.items():
        print(f"{folds}-fold {name}: " + "  ".join(
            f"{key} {statistics.mean(f[key] for f in figs):.3f}"
            f" ± {statistics.stdev(f[key] for f in figs):.3f}"
            f" (min {min(f[key] for f in figs):.3f})" for key in figs[0]))


def _figures(shared, held, find):
    from anonymise import person_precision

    preds = [{"id": d["id"], "spans": [s.to_dict() for s in find(d["text"])]} for d in held]
    m = score(shared, held, preds)
    return {"direct recall": m["direct_recall"], "precision": m["precision"],
            "PER recall": m["per_type"]["PERSON"]["span_recall"],
            "PER precision": person_precision(held, preds)}


def _line(fig):
    return "  ".join(f"{key} {value:.3f}" for key, value in fig.items())


def _clear_caches():
    from app.anonymise import kk, kk_crf, rules

    for cached in (kk.first_names, kk.surnames, kk._places, kk.word_cue, kk.common_words,
                   kk.org_head, kk.name_shaped, kk.first_name_keys, kk_crf._word_parts, kk_crf._trigger, kk_crf.tagger, rules.word_label):
        cached.cache_clear()
    kk_crf._KNOWN.clear()  # the shipped model's attributes: features for training are whole


def score(shared, gold, preds):
    spec = importlib.util.spec_from_file_location(
        "score", os.path.join(shared, "anon-bench", "score.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score(gold, preds)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--folds", type=int, default=0,
                    help="k-fold check over the documents instead of building the shipped files")
    args = ap.parse_args(argv)
    if args.folds:
        cross_validate(args.shared, args.folds, args.c1, args.c2)
        return
    train, held = load(args.shared)
    first, last, places = build_lexicons(train)
    os.makedirs(DATA, exist_ok=True)
    write_list("kk_first.txt", first)
    write_list("kk_surnames.txt", last)
    write_list("kk_places.txt", places)
    write_list("kk_common.txt", common_words(train))
    print(f"lexicons: {len(first)} first names, {len(last)} surnames, {len(places)} places")
    from app.anonymise import kk_crf

    _clear_caches()
    path = os.path.join(DATA, kk_crf.MODEL)
    t0 = time.perf_counter()
    train_model(train, args.c1, args.c2, path)
    written = pycrfsuite.Tagger()
    written.open(path)
    kk_crf.write_attributes(written, path, os.path.join(DATA, kk_crf.ATTRIBUTES))
    written.close()
    print(f"trained on {len(train)} documents in {time.perf_counter() - t0:.0f} s,"
          f" model {os.path.getsize(path) / 1e6:.2f} MB")
    kk_crf.tagger.cache_clear()
    from app.anonymise import detect

    for name, find in (("CRF alone", lambda t: kk_crf.crf_spans(t)),
                       ("engine (lang=kk)", lambda t: detect(t, lang="kk"))):
        preds = [{"id": d["id"], "spans": [{"start": s.start, "end": s.end}
                                           for s in find(d["text"])]} for d in held]
        m = score(args.shared, held, preds)
        per = m["per_type"]
        print(f"held-out {len(held)} documents, {name}: direct recall {m['direct_recall']:.3f}"
              f"  precision {m['precision']:.3f}  span recall PERSON"
              f" {per['PERSON']['span_recall']:.3f} LOC {per['LOC']['span_recall']:.3f}"
              f" ORG {per['ORG']['span_recall']:.3f}")


if __name__ == "__main__":
    main()
