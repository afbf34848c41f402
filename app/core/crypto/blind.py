"""A keyed blind index: sealed values can still be searched by what people type.

Each value gives tokens (normalised words and their prefixes, an e-mail and its prefixes, a
phone's digits with their prefixes and endings); each token is stored only as an HMAC under the
study's index key (derived from its data key), so the index says which records share a token
and nothing else, and is meaningless once the study key is destroyed. A query gives groups of
tokens: a record matches when, for every group, it holds one of the group's tokens.
"""
import hmac
import re
import unicodedata

WORD = re.compile(r"[^\W_]+")
PHONE_QUERY = re.compile(r"[\d\s()+\-.]+")
MAX_PREFIX = 24
MAX_EMAIL = 40
MIN_ENDING = 4


def normalise(text: str) -> str:
    """Compatibility forms folded, case folded (Cyrillic, Kazakh and Latin alike), ё as е."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


def _prefixes(kind: str, word: str, longest: int) -> set[str]:
    return {f"{kind}:{word[:k]}" for k in range(1, min(len(word), longest) + 1)}


def name_tokens(text: str | None) -> set[str]:
    found = words(text or "")
    tokens = {f"n={' '.join(found)}"} if found else set()
    for word in found:
        tokens |= _prefixes("w", word, MAX_PREFIX)
    return tokens


def email_tokens(email: str | None) -> set[str]:
    value = normalise(email or "").strip()
    if not value:
        return set()
    tokens = {f"e={value}"} | _prefixes("e", value, MAX_EMAIL)
    for word in words(value):
        tokens |= _prefixes("w", word, MAX_PREFIX)
    return tokens


def _phone_forms(digits: str) -> list[str]:
    forms = [digits]
    if len(digits) == 11 and digits[0] in "78":  # Kazakhstan: +7 701 ... or 8 701 ...
        forms.append(digits[1:])
    return forms


def phone_tokens(phone: str | None) -> set[str]:
    digits = re.sub(r"\D", "", phone or "")
    tokens: set[str] = set()
    for form in _phone_forms(digits) if digits else []:
        tokens |= _prefixes("t", form, len(form))
        tokens |= {f"t:{form[-k:]}" for k in range(MIN_ENDING, len(form) + 1)}
    return tokens


def query_groups(query: str) -> list[set[str]]:
    """What a search box query must match: one group per word (all needed), any token of a group."""
    text = normalise(query).strip()
    if not text:
        return []
    if "@" in text:
        return [{f"e:{text[:MAX_EMAIL]}"}]
    digits = re.sub(r"\D", "", text)
    if PHONE_QUERY.fullmatch(text) and len(digits) >= 3:
        forms = {digits}
        if digits[0] in "78" and len(digits) > 1:
            forms.add(digits[1:])
        return [{f"t:{form}" for form in forms}]
    return [{f"w:{word[:MAX_PREFIX]}"} for word in words(text)]


def digest(index_key: bytes, token: str) -> str:
    return hmac.digest(index_key, token.encode("utf-8"), "sha256").hex()[:32]
