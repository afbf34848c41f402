"""Every stored file (consent scans, transcripts, XLSForm uploads, bundles) goes through here.

`current()` is the backend the app was configured with (DALA_STORAGE=folder, the default, or
db); `put`, `open`, `exists`, `delete`, `keys` and `size` are the same for both. Areas above
tell which keys their records name through REFERENCED, so `flask storage verify` can say when
one is missing.
"""
from flask import Flask, current_app

from app.core.hooks import Hook
from app.core.storage.base import (
    AREAS,
    FileMissing,
    FileTooLarge,
    Storage,
    StoredFile,
)
from app.core.storage.cipher import FileCipher, PlainCipher, cipher_for
from app.core.storage.database import DatabaseStorage
from app.core.storage.folder import FolderStorage

__all__ = ["AREAS", "BACKENDS", "REFERENCED", "DatabaseStorage", "FileCipher", "FileMissing",
           "FileTooLarge", "FolderStorage", "PlainCipher", "Storage", "StoredFile", "backend",
           "current", "init_app"]

BACKENDS = ("folder", "db")
EXTENSION = "dala_storage"
# Functions returning (area, key, what names it) for every file the database refers to.
REFERENCED = Hook("storage.referenced")


def backend(name: str, config) -> Storage:
    """The storage backend `name` as the configuration describes it."""
    if name == "folder":
        return FolderStorage(config["UPLOAD_FOLDER"], cipher_for(config))
    if name == "db":
        return DatabaseStorage(cipher_for(config))
    raise ValueError(f"DALA_STORAGE must be one of {', '.join(BACKENDS)}, not {name!r}.")


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = backend(app.config.get("STORAGE", "folder"), app.config)


def current() -> Storage:
    """The storage the running app was configured with."""
    return current_app.extensions[EXTENSION]
