"""Issue 15: what changed between two versions of a consent form: the text of each language word
by word, and the items (added, removed, reworded)."""
import difflib
import re
from dataclasses import dataclass

WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Piece:
    text: str
    change: str  # "same", "removed" (only in the old text), "added" (only in the new one)


@dataclass(frozen=True)
class TextDiff:
    lang: str
    old: list[Piece]
    new: list[Piece]
    changed: bool


@dataclass(frozen=True)
class ItemDiff:
    key: str
    change: str  # "same", "added", "removed", "reworded"
    old: dict
    new: dict


def _words(text: str) -> list[str]:
    return WORDS.findall(text or "")


def text_diff(old: str, new: str) -> tuple[list[Piece], list[Piece]]:
    a, b = _words(old), _words(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(Piece("".join(a[i1:i2]), "same"))
            right.append(Piece("".join(b[j1:j2]), "same"))
            continue
        if i2 > i1:
            left.append(Piece("".join(a[i1:i2]), "removed"))
        if j2 > j1:
            right.append(Piece("".join(b[j1:j2]), "added"))
    return left, right


def texts(old, new, languages) -> list[TextDiff]:
    result = []
    for lang in languages:
        before, after = old.texts.get(lang, ""), new.texts.get(lang, "")
        if not before and not after:
            continue
        left, right = text_diff(before, after)
        result.append(TextDiff(lang, left, right, before != after))
    return result


def items(old, new, languages) -> list[ItemDiff]:
    before = {i["key"]: i.get("labels", {}) for i in old.items}
    after = {i["key"]: i.get("labels", {}) for i in new.items}
    result = []
    for key in list(before) + [k for k in after if k not in before]:
        if key not in after:
            result.append(ItemDiff(key, "removed", before[key], {}))
        elif key not in before:
            result.append(ItemDiff(key, "added", {}, after[key]))
        else:
            same = all(before[key].get(lang, "") == after[key].get(lang, "") for lang in languages)
            result.append(ItemDiff(key, "same" if same else "reworded", before[key], after[key]))
    return result
