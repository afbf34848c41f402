"""Speaker labels matched to the people of a session, for the uploader to confirm. Pure.

A label matches a person when, written in Latin letters and without brackets, it is their
full name, their first name, their name with initials ("Aigerim S."), or their pseudonym;
only a label that matches exactly one person is proposed.
"""
import re

_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g",
    "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def latin(text: str) -> str:
    """Lower-case Latin letters of a name in Cyrillic or Latin script (kh≈h, y≈i, j≈zh)."""
    text = "".join(_LATIN.get(c, c) for c in text.casefold())
    text = text.replace("kh", "h").replace("j", "zh").replace("y", "i").replace("iu", "yu")
    return text


def tokens(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+|\d+", latin(_BRACKETS.sub(" ", text)))


def _matches(label: list[str], name: list[str]) -> bool:
    if not label or not name:
        return False
    if label == name or label == name[::-1] or (len(label) == 1 and label[0] == name[0]):
        return True
    if len(label) > len(name):
        return False
    # Initials: every label word is a name word or the first letter(s) of the next one.
    return all(n.startswith(w) if len(w) <= 2 else n == w for w, n in zip(label, name)) and label[0] == name[0]


def suggest(labels: list[str], people: list[tuple[str, str, str]]) -> dict[str, str]:
    """{label: choice} for each label that matches one person; `people` are (choice, name,
    pseudonym) with the choice as the mapping form writes it ("p:3", "u:5")."""
    result = {}
    for label in labels:
        words = tokens(label)
        found = {choice for choice, name, pseudonym in people
                 if _matches(words, tokens(name)) or (pseudonym and latin(label.strip()) == latin(pseudonym))}
        if len(found) == 1:
            result[label] = found.pop()
    return result
