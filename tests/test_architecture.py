"""The layout of docs/architecture.md holds: layers in one direction, no import cycle, no import
hidden in a function, the same files in every domain package."""
import ast
import logging
import re
from pathlib import Path

import grimp
from importlinter import cli as importlinter

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
DOMAINS = ["auth", "studies", "recruitment", "fieldwork", "consent", "instruments", "transcripts",
           "exports", "dashboard", "audit"]


def test_the_import_contracts_hold():
    enabled = [logger for logger in logging.root.manager.loggerDict.values()
               if isinstance(logger, logging.Logger) and not logger.disabled]
    try:
        assert importlinter.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                                         no_logo=True) == 0
    finally:  # import-linter configures logging with disable_existing_loggers: later tests need "app"
        for logger in enabled:
            logger.disabled = False


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_round_a_cycle():
    graph = grimp.build_graph("app", cache_dir=None)
    graph.remove_module("app")  # the factory imports everything on purpose, inside its steps
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for a, b in [("x.a", "x.b"), ("x.b", "x.c"), ("x.c", "x.a"), ("x.c", "x.d")]:
        graph.add_import(importer=a, imported=b)
    assert _cycles(graph) == [["x.a", "x.b", "x.c"]]


def _imports_inside_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    found = []
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app"):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module}")
    return found


def test_no_import_of_the_app_hides_inside_a_function():
    # The factory's register steps import what they register, so that importing the pure
    # anonymisation engine (app.anonymise) does not load the whole web app.
    factory = APP / "__init__.py"
    hidden = [hit for path in sorted(APP.rglob("*.py")) if path != factory
              for hit in _imports_inside_functions(path)]
    assert hidden == []


def test_every_domain_package_has_the_same_files():
    for name in DOMAINS:
        package = APP / name
        init = (package / "__init__.py").read_text()
        assert re.search(r"^bp = Blueprint\(", init, re.M), f"{name}/__init__.py defines no bp"
        assert (package / "routes.py").is_file(), f"{name} has no routes.py"
        modules = {p.stem for p in package.glob("*.py")}
        odd = sorted(m for m in modules if m.endswith(("_routes", "_views", "views")))
        assert odd == [], f"{name}: route modules are routes.py or routes_<area>.py, not {odd}"


def test_code_words_live_in_labels_modules():
    offenders = []
    for path in APP.rglob("*.py"):
        if path.name == "labels.py" or "anonymise" in path.parts:
            continue
        for match in re.finditer(r"^([A-Z_]+_LABELS) = \{", path.read_text(), re.M):
            if match.group(1) == "YES_NO_LABELS":  # words written into XLSForm files, not the interface
                continue
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
    assert offenders == []
