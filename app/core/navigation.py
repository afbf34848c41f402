"""The study navigation: entries declared once (in app.wiring), each shown to the roles the
access policy lets perform its action, gathered in named groups (Recruitment, Fieldwork, ...)."""
from dataclasses import dataclass, field
from typing import Any

from app.core import policy


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy_gettext string
    endpoint: str
    action: str  # shown to the roles that policy.allows this action
    order: int
    group: str = ""  # the key of a NavGroup; "" = shown before the groups


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: Any
    order: int
    items: list[NavItem] = field(default_factory=list)


_STUDY_NAV: list[NavItem] = []
_GROUPS: dict[str, tuple[Any, int]] = {}


def add_nav_group(key: str, label: Any, order: int) -> None:
    _GROUPS.setdefault(key, (label, order))


def add_study_nav(label: Any, endpoint: str, action: str, order: int = 50, group: str = "") -> None:
    policy.roles_for(action)  # an unknown action fails here, at start-up
    if group and group not in _GROUPS:
        raise KeyError(f"unknown navigation group {group!r}: add_nav_group first")
    if any(item.endpoint == endpoint for item in _STUDY_NAV):
        return
    _STUDY_NAV.append(NavItem(label, endpoint, action, order, group))
    _STUDY_NAV.sort(key=lambda item: item.order)


def study_nav_for(role: policy.Role) -> list[NavItem]:
    return [item for item in _STUDY_NAV if policy.grant(role, item.action)]


def study_nav_groups_for(role: policy.Role) -> list[NavGroup]:
    """The role's entries by group: first the ungrouped ones (one group with key ""), then each
    named group in its order; a group with no entry for the role is left out."""
    groups = [NavGroup("", "", -1)] + [NavGroup(key, label, order)
                                       for key, (label, order) in sorted(_GROUPS.items(), key=lambda g: g[1][1])]
    by_key = {group.key: group for group in groups}
    for item in study_nav_for(role):
        by_key.get(item.group, groups[0]).items.append(item)
    return [group for group in groups if group.items]
