"""Fill msgstr entries of a .po catalogue from a JSON dict {msgid: translation}.

Usage: python tests/support/fill_po.py app/translations/ru/LC_MESSAGES/messages.po ru.json
Existing translations are kept unless the JSON gives a new one. Prints what is still missing.
"""
import json
import sys

from babel.messages.pofile import read_po, write_po


def main(po_path: str, json_path: str) -> int:
    with open(po_path, "rb") as f:
        catalogue = read_po(f)
    with open(json_path, encoding="utf-8") as f:
        translations = json.load(f)
    for message in catalogue:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in translations:
            value = translations[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with open(po_path, "wb") as f:
        write_po(f, catalogue, width=100)
    missing = [m.id for m in catalogue if m.id and not m.string]
    for m in missing:
        print("missing:", m)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
