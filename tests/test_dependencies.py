"""`make run` installs Dala with its main dependencies only (`pip install -e .`, no extra):
every package the application imports must come with them. pypdf was listed in the test
extra alone while app/core/pdf.py imported it, and `make run` stopped at that import on a
fresh machine while `make test` (which installs the test extra) passed."""
import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


def _name(dist: str) -> str:
    return re.sub(r"[-_.]+", "-", dist).lower()


def _installed_by_make_run() -> set[str]:
    """The distributions the project's main dependencies bring (pyproject.toml, no extra)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    seen, found = set(), set()
    for line in project["dependencies"]:
        req = Requirement(line)
        found |= _installed_with(req.name, req.extras, seen)
    return found


def _installed_with(dist: str, extras=frozenset(), seen=None) -> set[str]:
    """The distributions `pip install dist[extras]` brings, itself included."""
    seen = set() if seen is None else seen
    key = (_name(dist), frozenset(extras))
    if key in seen:
        return set()
    seen.add(key)
    found = {_name(dist)}
    for line in metadata.requires(dist) or ():
        req = Requirement(line)
        if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in {"", *extras}):
            found |= _installed_with(req.name, req.extras, seen)
    return found


def _guarded(node, parents) -> bool:
    """An import inside `try: ... except ImportError:` (an optional package)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in _IMPORT_ERRORS
                or isinstance(h.type, ast.Tuple) and {getattr(e, "id", "") for e in h.type.elts} & _IMPORT_ERRORS
                for h in node.handlers):
            return True
    return False


def _imported_packages() -> dict[str, str]:
    """Top-level modules the application imports unconditionally, outside the standard
    library and the project's own (app, config), each with a file that imports it."""
    own = {p.stem for p in ROOT.glob("*.py")} | {"app"}
    found = {}
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in own and top not in sys.stdlib_module_names and not _guarded(node, parents):
                    found.setdefault(top, str(path.relative_to(APP.parent)))
    return found


def test_every_package_the_app_imports_is_installed_by_make_run():
    main = _installed_by_make_run()
    by_module = metadata.packages_distributions()
    missing = {module: where for module, where in _imported_packages().items()
               if not {_name(d) for d in by_module.get(module, [])} & main}
    assert not missing, f"imported by the app, not among the main dependencies: {missing}"


def test_the_check_sees_the_imports_it_is_about():
    imported = _imported_packages()
    assert {"flask", "sqlalchemy", "weasyprint", "pypdf"} <= set(imported)
    assert "pycrfsuite" not in imported  # imported under `except ImportError` (kk_crf.tagger)
