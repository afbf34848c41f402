"""Tests build their own data: only the demo's own tests use the demo, and no test reaches a
study by an id it did not get from what it built (a study number written into a URL breaks as
soon as the data changes, or passes against the wrong study)."""
import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
DEMO_TESTS = {TESTS / "test_demo.py"}
STUDY_ID_IN_URL = re.compile(r"/studies/\d")


def _sources():
    """Every test module but this one, whose own check below holds the patterns on purpose."""
    for path in sorted(TESTS.rglob("*.py")):
        if path == Path(__file__).resolve():
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_demo(dotted: str) -> bool:
    """app.demo, or the demo wherever a move of packages puts it (app.cli.demo, ...)."""
    parts = dotted.split(".")
    return parts[0] == "app" and "demo" in parts[1:]


def _demo_imports(tree: ast.AST) -> list[int]:
    """Lines importing the demo package, or its builder and logins by name from anywhere."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            lines += [node.lineno for alias in node.names if _is_demo(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [alias.name for alias in node.names]
            if _is_demo(node.module) or any(_is_demo(f"{node.module}.{name}") or name == "build_demo"
                                            or name.startswith("DEMO_") for name in names):
                lines.append(node.lineno)
    return sorted(lines)


def _study_ids_in_urls(tree: ast.AST) -> list[int]:
    """Lines of string literals (f-strings' fixed parts included) naming a study by number."""
    return sorted(node.lineno for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and STUDY_ID_IN_URL.search(node.value))


def test_only_the_demo_tests_import_the_demo():
    found = [f"{path.relative_to(TESTS)}:{line}" for path, tree in _sources() if path not in DEMO_TESTS
             for line in _demo_imports(tree)]
    assert found == []


def test_no_test_names_a_study_by_a_hard_coded_id():
    found = [f"{path.relative_to(TESTS)}:{line}" for path, tree in _sources() for line in _study_ids_in_urls(tree)]
    assert found == []


def test_the_guard_sees_what_it_guards_against():
    """The checks above find a demo import and a study id in a URL when there is one."""
    tree = ast.parse('from app.demo import build_demo\nimport app.demo.foundation\nfrom app import demo\n'
                     'url = f"/studies/1/participants/{pid}"\nother = "/studies/12"\n'
                     'fine = f"/studies/{study.id}/participants"\nfrom app.cli import DEMO_PASSWORD\n'
                     'from tests.builders import Builder\n')
    assert _demo_imports(tree) == [1, 2, 3, 7]
    assert _study_ids_in_urls(tree) == [4, 5]
