"""Where a lower area needs something only a higher one knows (consent rules at attendance,
a participant's sessions on the recruitment page), it declares a hook and app.wiring fills it
when the app starts. No area registers itself by being imported."""
from collections.abc import Callable, Iterator
from typing import Any


class Slot:
    """One function provided from above; until provided, calls answer the default."""

    def __init__(self, name: str, default: Callable[..., Any]):
        self.name, self._default, self._provided = name, default, None

    def provide(self, function: Callable[..., Any]) -> None:
        self._provided = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return (self._provided or self._default)(*args, **kwargs)


class Hook:
    """Several functions provided from above, called in the order they were added."""

    def __init__(self, name: str):
        self.name, self._functions = name, []

    def add(self, function: Callable[..., Any]) -> None:
        if function not in self._functions:
            self._functions.append(function)

    def __iter__(self) -> Iterator[Callable[..., Any]]:
        return iter(list(self._functions))

    def __len__(self) -> int:
        return len(self._functions)
