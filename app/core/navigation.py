"""The study navigation: entries declared once (in app.wiring), each shown to the roles the
access policy lets perform its action."""
from dataclasses import dataclass
from typing import Any

from app.core import policy


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy_gettext string
    endpoint: str
    action: str  # shown to the roles that policy.allows this action
    order: int


_STUDY_NAV: list[NavItem] = []


def add_study_nav(label: Any, endpoint: str, action: str, order: int = 50) -> None:
    policy.roles_for(action)  # an unknown action fails here, at start-up
    if any(item.endpoint == endpoint for item in _STUDY_NAV):
        return
    _STUDY_NAV.append(NavItem(label, endpoint, action, order))
    _STUDY_NAV.sort(key=lambda item: item.order)


def study_nav_for(role: policy.Role) -> list[NavItem]:
    return [item for item in _STUDY_NAV if policy.grant(role, item.action)]
