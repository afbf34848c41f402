"""The layout of docs/architecture.md holds: layers in one direction, no import cycle, no import
hidden in a function, the same files in every domain package."""
import ast
import re
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
DOMAINS = ["auth", "studies", "recruitment", "fieldwork", "consent", "instruments", "transcripts",
           "exports", "dashboard", "audit"]


def test_the_import_contracts_hold():
    # In a process of its own: import-linter reconfigures logging, which the other tests watch.
    lint = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                          capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout[-3000:]


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
    graph.remove_module("app")  # app/__init__.py loads the factory, which imports everything on purpose
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
    # The factory's register steps import what they register, and app/__init__.py loads the
    # factory on first use, so that importing the pure anonymisation engine (app.anonymise)
    # loads neither Flask nor the web app.
    exempt = {APP / "__init__.py", APP / "factory.py"}
    hidden = [hit for path in sorted(APP.rglob("*.py")) if path not in exempt
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


def test_the_engine_loads_without_flask_or_the_web_app():
    code = ("import sys, app.anonymise; "
            "print(sorted(m for m in sys.modules if m == 'flask' or m.startswith(('flask.', 'sqlalchemy', 'app.core', 'app.factory'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=APP.parent, check=True)
    assert out.stdout.strip() == "[]"
