"""Dala: fieldwork management for qualitative research.

The application factory lives in app/factory.py and is loaded on first use: importing the
anonymisation engine (app.anonymise) then loads neither Flask nor the web app.
"""

_FACTORY_NAMES = frozenset({"create_app", "available_languages", "DOMAIN_PACKAGES"})


def __getattr__(name: str):
    if name in _FACTORY_NAMES:
        from app import factory

        return getattr(factory, name)
    raise AttributeError(f"module 'app' has no attribute {name!r}")
