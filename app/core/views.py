"""What every view of a list or an edit form does the same way."""
from flask import request

from app.core.formutils import db_int


def list_args(default_sort: str) -> tuple[str, str, int]:
    sort = request.args.get("sort", default_sort)
    direction = "desc" if request.args.get("dir") == "desc" else "asc"
    return sort, direction, request.args.get("page", 1, type=db_int)
