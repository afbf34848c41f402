"""No test reads the clock when its module is imported: a day or time taken at import is stale
for every test after midnight in a run that crosses it (the builders' `today()` is read when the
data is built). Module level, class bodies, decorators and default arguments run at import."""
import ast
from datetime import date, datetime, timezone
from pathlib import Path

from app.core import timezones
from app.studies.models import Study
from tests.builders import day_at, today

CLOCK = {"today", "now", "utcnow", "time", "monotonic", "perf_counter"}
TESTS = Path(__file__).parent


def _at_import(node, found: list) -> None:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        for part in [*getattr(node, "decorator_list", []), *node.args.defaults, *filter(None, node.args.kw_defaults)]:
            _at_import(part, found)
        return  # the body runs when the test does
    if isinstance(node, ast.Call):
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name in CLOCK:
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    for child in ast.iter_child_nodes(node):
        _at_import(child, found)


def test_no_test_module_reads_the_clock_at_import():
    found = {}
    for path in sorted(TESTS.rglob("*.py")):
        calls: list = []
        _at_import(ast.parse(path.read_text(encoding="utf-8")), calls)
        if calls:
            found[str(path.relative_to(TESTS))] = calls
    assert found == {}


def test_the_check_finds_a_day_taken_at_import():
    calls: list = []
    _at_import(ast.parse("from datetime import date\nTODAY = date.today()\n"
                         "def build(day=date.today()):\n    return date.today()\n"), calls)
    assert calls == ["2: date.today()", "3: date.today()"]


class _NearMidnightInAlmaty(datetime):
    """The clock at 20:30 UTC on 6 December 2026: 01:30 on the 7th in Almaty."""

    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 12, 6, 20, 30, tzinfo=timezone.utc).astimezone(tz)


def test_the_builders_build_on_the_studys_day_not_the_machines(monkeypatch):
    """After 19:00 UTC it is tomorrow in Almaty: the builders' today is the study's day there, the
    day the app calls today (a consent dated on the machine's day would be a day old there), and
    a session `day_at(0)` is on that day too; a study in London still has the 6th."""
    monkeypatch.setattr(timezones, "datetime", _NearMidnightInAlmaty)
    almaty, london = Study(title="Алматы", timezone="Asia/Almaty"), Study(title="London", timezone="Europe/London")
    assert today() == today(almaty) == today("Asia/Almaty") == timezones.today(almaty.timezone) == date(2026, 12, 7)
    assert today(london) == timezones.today(london.timezone) == date(2026, 12, 6)
    assert timezones.local_day(day_at(0), almaty.timezone) == date(2026, 12, 7)
    assert timezones.local_day(day_at(-3, study=almaty), almaty.timezone) == date(2026, 12, 4)
    assert timezones.local_day(day_at(0, study=london), london.timezone) == date(2026, 12, 6)
