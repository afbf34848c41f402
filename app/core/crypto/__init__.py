"""Encryption at rest of identifying values and files (DESIGN.md rule 10).

keys: the master key and the keystore of per-study key-encryption keys; keyring: one app's
keys and the sealing of values; columns: the EncryptedText column type; files: the storage
cipher; blind: the keyed search index.
"""
from app.core.crypto import columns, keyring


def init_app(app) -> None:
    keyring.init_app(app)
    columns.install_listeners()
