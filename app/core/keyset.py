"""Keyset (seek) pagination: a page is the rows after (or before) the last row shown.

`OFFSET 49,950` makes the database read and throw away every row before the page; a seek
reads from the position of the last row shown through an index, so the thousandth page
costs what the first does. A list names its order as `Key`s (stored columns, the last one
unique, usually the id); the page links carry an opaque cursor with the key values of the
first or last row shown. There are no page numbers: First, Previous, Next, Last. The total
is counted up to `COUNT_CAP` rows (a bounded read), shown as "more than N" beyond.

NULLs sort as the smallest value on every database (NULLS FIRST ascending), declared per
key (`nullable=True`) so non-null keys keep the plain ORDER BY their index serves.
"""
from __future__ import annotations

import base64
import binascii
import enum
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask import request

from app.core.extensions import db

COUNT_CAP = 1000


@dataclass(frozen=True)
class Key:
    """One ORDER BY term of a list: an expression, its direction, whether it can be NULL."""

    expr: Any
    descending: bool = False
    nullable: bool = False

    def reversed(self) -> Key:
        return Key(self.expr, not self.descending, self.nullable)

    def order(self):
        term = self.expr.desc() if self.descending else self.expr.asc()
        if self.nullable:  # NULL is the smallest value, on SQLite and PostgreSQL alike
            term = term.nulls_last() if self.descending else term.nulls_first()
        return term


def keys(*terms, direction: str = "asc") -> list[Key]:
    """Keys from (expr) or (expr, nullable) terms, all in one direction."""
    out = []
    for term in terms:
        expr, nullable = term if isinstance(term, tuple) else (term, False)
        out.append(Key(expr, direction == "desc", nullable))
    return out


@dataclass
class KeysetPage:
    items: list
    has_next: bool
    has_prev: bool
    next_cursor: str | None
    prev_cursor: str | None
    total: int | None  # None: not counted
    total_capped: bool
    keyset: bool = field(default=True, init=False)

    @property
    def pages(self) -> int:
        """More than one page? (the pagination macro shows links only then)"""
        return 2 if self.has_next or self.has_prev else 1


# --- cursors -----------------------------------------------------------------------------

def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _typed(value):
    if isinstance(value, dict):
        if "dt" in value:
            return datetime.fromisoformat(value["dt"])
        if "d" in value:
            return date.fromisoformat(value["d"])
        raise ValueError("unknown cursor value")
    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise ValueError("unknown cursor value")
    return value


def encode(values) -> str:
    raw = json.dumps([_plain(v) for v in values], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str | None, length: int) -> list | None:
    """The key values of a cursor, or None when it is missing or not one of ours (first page)."""
    if not cursor or len(cursor) > 2000:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = [_typed(v) for v in json.loads(raw)]
    except (ValueError, binascii.Error, UnicodeDecodeError, TypeError, RecursionError):
        return None
    return values if len(values) == length else None


# --- the seek condition ------------------------------------------------------------------

def _after(key: Key, value):
    """Rows strictly after `value` in this key's order."""
    if not key.descending:
        if value is None:
            return key.expr.is_not(None)
        return key.expr > value
    if value is None:
        return sa.false()
    condition = key.expr < value
    return sa.or_(condition, key.expr.is_(None)) if key.nullable else condition


def _equal(key: Key, value):
    return key.expr.is_(None) if value is None else key.expr == value


def seek(order: list[Key], values: list):
    """WHERE clause for the rows after `values` in `order`.

    All keys non-null and in one direction: one row-value comparison, which an index on the
    keys serves as a range. Otherwise the expanded OR of (k1 = v1 AND ... AND ki > vi).
    """
    if all(not k.nullable for k in order) and len({k.descending for k in order}) == 1 and None not in values:
        left, right = sa.tuple_(*[k.expr for k in order]), sa.tuple_(*[sa.literal(v) for v in values])
        if len(order) == 1:
            left, right = order[0].expr, values[0]
        return left < right if order[0].descending else left > right
    branches = []
    for i, key in enumerate(order):
        branches.append(sa.and_(*[_equal(k, v) for k, v in zip(order[:i], values[:i])], _after(key, values[i])))
    condition = sa.or_(*branches)
    first, value = order[0], values[0]
    if not first.nullable and value is not None:  # a range on the leading key helps the planner
        condition = sa.and_(first.expr <= value if first.descending else first.expr >= value, condition)
    return condition


# --- a page ------------------------------------------------------------------------------

def paginate(query, order: list[Key], *, per_page: int, after: str | None = None,
             before: str | None = None, last: bool = False, count: bool = True) -> KeysetPage:
    """The page of `query` (its own ORDER BY is replaced by `order`) after or before a cursor.

    Items are the first selected entity when the query selects one thing, else the rows.
    """
    width = len(query.column_descriptions)
    labels = [k.expr.label(f"_seek{i}") for i, k in enumerate(order)]
    base = query.order_by(None)
    after_values = decode(after, len(order))
    before_values = None if after_values else decode(before, len(order))
    backwards = before_values is not None or (last and after_values is None)
    walk = [k.reversed() for k in order] if backwards else order
    paged = base.add_columns(*labels)
    position = before_values if backwards else after_values
    if position is not None:
        paged = paged.where(seek(walk, position))
    paged = paged.order_by(*[k.order() for k in walk]).limit(per_page + 1)
    rows = db.session.execute(paged).unique().all()
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
    if backwards:
        has_prev, has_next = more, before_values is not None
    else:
        has_prev, has_next = after_values is not None, more
    items = [row[0] if width == 1 else tuple(row[:width]) for row in rows]
    first_key = encode(rows[0][width:]) if rows else None
    last_key = encode(rows[-1][width:]) if rows else None
    total, capped = _capped_count(base, order) if count else (None, False)
    return KeysetPage(items, has_next, has_prev, last_key if has_next else None,
                      first_key if has_prev else None, total, capped)


def _capped_count(query, order: list[Key]) -> tuple[int, bool]:
    """How many rows, reading at most COUNT_CAP + 1 of them, in the page's order (so through
    the index that serves the page, reading only its keys)."""
    inner = (query.with_only_columns(*[k.expr for k in order], maintain_column_froms=True)
             .order_by(*[k.order() for k in order]).limit(COUNT_CAP + 1).subquery())
    found = db.session.scalar(sa.select(sa.func.count()).select_from(inner)) or 0
    return min(found, COUNT_CAP), found > COUNT_CAP


def from_request(query, order: list[Key], per_page: int, count: bool = True) -> KeysetPage:
    """The page the request's `after`, `before` or `last` asks for."""
    return paginate(query, order, per_page=per_page, after=request.args.get("after"),
                    before=request.args.get("before"), last=request.args.get("last") == "1", count=count)
