"""Texts per language, with a fallback to another language that says it is one."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.instruments.models import LANGUAGES

LANGUAGE_NAMES = {"en": _l("English"), "ru": _l("Russian"), "kk": _l("Kazakh")}
FALLBACK_ORDER = ("en", "ru", "kk")


@dataclass(frozen=True)
class Shown:
    """A text as displayed: `lang` is the language it is really in."""

    text: str
    lang: str | None
    wanted: str

    @property
    def is_fallback(self) -> bool:
        return self.lang is not None and self.lang != self.wanted

    def __str__(self) -> str:
        return self.text


def pick(texts: dict | None, lang: str) -> Shown:
    """The text in `lang`, else the first of English, Russian, Kazakh that exists."""
    texts = texts or {}
    for candidate in (lang, *FALLBACK_ORDER):
        value = (texts.get(candidate) or "").strip()
        if value:
            return Shown(value, candidate, lang)
    return Shown("", None, lang)


def clean_texts(texts: dict) -> dict:
    """Only known languages with non-blank text, stripped."""
    return {lang: texts[lang].strip() for lang in LANGUAGES
            if isinstance(texts.get(lang), str) and texts[lang].strip()}


def content_language(requested: str | None, default: str) -> str:
    return requested if requested in LANGUAGES else (default if default in LANGUAGES else "en")
