"""Small helpers shared by the forms of every area."""
from collections.abc import Iterable
from typing import Any

from wtforms.fields.choices import SelectChoice


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs; values become strings."""
    return [SelectChoice(str(value), label) for value, label in pairs]
