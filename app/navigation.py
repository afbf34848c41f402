"""The study navigation: each blueprint registers its own entries with the roles that see them."""
from dataclasses import dataclass
from typing import Any

from app.studies.models import Role


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy_gettext string
    endpoint: str
    roles: frozenset[Role]
    order: int


_STUDY_NAV: list[NavItem] = []


def add_study_nav(label: Any, endpoint: str, roles: frozenset[Role] | set[Role], order: int = 50) -> None:
    if any(item.endpoint == endpoint for item in _STUDY_NAV):
        return
    _STUDY_NAV.append(NavItem(label, endpoint, frozenset(roles), order))
    _STUDY_NAV.sort(key=lambda item: item.order)


def study_nav_for(role: Role) -> list[NavItem]:
    return [item for item in _STUDY_NAV if role in item.roles]
