"""The layers of salon_desktop, checked by reading every module's imports.

* ``domain/``: pure Python, no Qt, no SQLAlchemy or Alembic.
* ``db/``, ``services/``, ``i18n/``, ``documents/``: no Qt.
* ``ui/``: no SQLAlchemy or Alembic and no ``salon_desktop.db``; screens reach
  data through services.

Imports inside functions count too (a lazy import is still an import).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "salon_desktop"

QT = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "pytestqt")
SQL = ("sqlalchemy", "alembic")

# package (first folder under salon_desktop/) -> forbidden module prefixes
RULES: dict[str, tuple[str, ...]] = {
    "domain": QT + SQL,
    "db": QT,
    "services": QT,
    "i18n": QT,
    "documents": QT,
    "demo": QT,
    "ui": SQL + ("salon_desktop.db",),
}


def _matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def imported_modules(source: str, module_name: str = "") -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in ``source``."""
    out: list[tuple[int, str]] = []
    package = module_name.rsplit(".", 1)[0] if module_name else ""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                mod = ".".join(p for p in [*base, node.module or ""] if p)
            else:
                mod = node.module or ""
            out.append((node.lineno, mod))
            # ``from salon_desktop import db`` imports salon_desktop.db
            out += [(node.lineno, f"{mod}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call):
            # importlib.import_module("PySide6.QtCore") / __import__("sqlalchemy")
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    out.append((node.lineno, arg.value))
    return out


def violations(source: str, layer: str, module_name: str = "") -> list[str]:
    forbidden = RULES.get(layer, ())
    return [
        f"line {line}: {mod}"
        for line, mod in imported_modules(source, module_name)
        if any(_matches(mod, prefix) for prefix in forbidden)
    ]


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if len(rel.parts) < 2:
            continue  # top-level modules (cli, paths) wire the layers together
        name = ".".join(("salon_desktop", *rel.with_suffix("").parts))
        yield pytest.param(path, rel.parts[0], name, id=str(rel))


def test_the_walk_finds_every_layer():
    layers = {p.values[1] for p in _modules()}
    assert {"domain", "db", "services", "i18n", "ui"} <= layers
    assert len(list(_modules())) > 20


@pytest.mark.parametrize("path, layer, module_name", list(_modules()))
def test_module_respects_its_layer(path, layer, module_name):
    source = path.read_text(encoding="utf-8")
    assert violations(source, layer, module_name) == [], (
        f"{module_name} ({layer}/) imports what its layer must not"
    )


# -- the checker itself can fail ----------------------------------------------


@pytest.mark.parametrize(
    "layer, source",
    [
        ("domain", "from PySide6.QtCore import QDate"),
        ("domain", "import sqlalchemy as sa"),
        ("domain", "def f():\n    from alembic import op\n"),
        ("domain", "from sqlalchemy.orm import Session"),
        ("db", "import PySide6"),
        ("services", "from PySide6 import QtWidgets"),
        ("services", "import importlib\nQt = importlib.import_module('PySide6.QtCore')"),
        ("i18n", "from PySide6.QtCore import QLocale"),
        ("documents", "from PySide6.QtGui import QPdfWriter"),
        ("ui", "from sqlalchemy import select"),
        ("ui", "from salon_desktop.db.models import Client"),
        ("ui", "from salon_desktop import db"),
        ("ui", "import salon_desktop.db.engine"),
        ("ui", "import alembic.command"),
    ],
)
def test_checker_catches_a_bad_import(layer, source):
    assert violations(source, layer, f"salon_desktop.{layer}.bad")


@pytest.mark.parametrize(
    "layer, source",
    [
        ("domain", "import datetime\nfrom salon_desktop.domain.text import fold"),
        ("domain", "import sqlalchemy_utils_like_name_but_not_it"),
        ("services", "from sqlalchemy import select\nfrom salon_desktop.db.models import Client"),
        ("ui", "from PySide6.QtWidgets import QWidget\nfrom salon_desktop.services import clients"),
        ("ui", "from salon_desktop.dbx import x"),
    ],
)
def test_checker_allows_a_good_import(layer, source):
    assert violations(source, layer, f"salon_desktop.{layer}.good") == []


def test_relative_imports_are_resolved():
    source = "from ..db import models\nfrom . import sibling\n"
    mods = [m for _, m in imported_modules(source, "salon_desktop.ui.screen")]
    assert "salon_desktop.db" in mods and "salon_desktop.db.models" in mods
    assert violations(source, "ui", "salon_desktop.ui.screen")
    assert "salon_desktop.ui.sibling" in [
        m for _, m in imported_modules("from . import sibling", "salon_desktop.ui.screen")
    ]


# -- first-party direction: no layer imports one above it ------------------------

# layer -> the first-party layers (and top-level modules) it may import
ALLOWED: dict[str, frozenset[str]] = {
    "domain": frozenset({"domain", "i18n"}),
    "i18n": frozenset({"i18n", "domain"}),  # formatting knows the currencies; rules mark msgids
    "db": frozenset({"db", "domain", "i18n"}),
    "documents": frozenset({"documents", "domain", "i18n", "paths"}),
    "services": frozenset({"services", "db", "domain", "i18n", "documents", "paths", "applog"}),
    "demo": frozenset({"demo", "services", "db", "domain", "i18n", "paths"}),
    # ui: the first-run wizard fills a demo salon
    "ui": frozenset({"ui", "services", "demo", "domain", "i18n", "documents", "paths", "applog"}),
}


def _first_party_layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "salon_desktop" or len(parts) < 2:
        return None
    return parts[1]


def upward_imports(source: str, layer: str, module_name: str = "") -> list[str]:
    allowed = ALLOWED.get(layer)
    if allowed is None:
        return []
    out = []
    for line, mod in imported_modules(source, module_name):
        target = _first_party_layer(mod)
        if target is not None and target not in allowed and (PACKAGE / target).exists():
            out.append(f"line {line}: {mod}")
        elif target is not None and target not in allowed and (PACKAGE / f"{target}.py").exists():
            out.append(f"line {line}: {mod}")
    return out


def test_every_layer_has_a_direction():
    assert {p.values[1] for p in _modules()} <= set(ALLOWED)


@pytest.mark.parametrize("path, layer, module_name", list(_modules()))
def test_module_imports_no_layer_above_it(path, layer, module_name):
    source = path.read_text(encoding="utf-8")
    assert upward_imports(source, layer, module_name) == [], (
        f"{module_name} ({layer}/) imports a layer above it"
    )


@pytest.mark.parametrize(
    "layer, source",
    [
        ("domain", "from salon_desktop.services.clients import ClientService"),
        ("services", "from salon_desktop.ui.env import UiEnv"),
        ("documents", "def f():\n    from salon_desktop.services import sales\n"),
        ("db", "from salon_desktop.services.context import AppContext"),
        ("services", "import salon_desktop.cli"),
    ],
)
def test_checker_catches_an_upward_import(layer, source):
    assert upward_imports(source, layer, f"salon_desktop.{layer}.bad")


# -- no import cycles between modules (at import time) ----------------------------


def _module_level_imports(source: str, module_name: str) -> set[str]:
    """First-party modules imported when the module is imported (not inside
    functions, not under ``if TYPE_CHECKING:``)."""
    tree = ast.parse(source)
    found: set[str] = set()

    def visit(nodes) -> None:
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mods = [m for _, m in imported_modules(ast.unparse(node), module_name)]
                found.update(m for m in mods if m.startswith("salon_desktop."))
            elif isinstance(node, ast.If):
                test = ast.unparse(node.test)
                if "TYPE_CHECKING" not in test:
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for h in node.handlers:
                    visit(h.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(tree.body)
    return found


def import_graph() -> dict[str, set[str]]:
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = rel.parts[:-1] if rel.parts[-1] == "__init__" else rel.parts
        names[".".join(("salon_desktop", *parts))] = path
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        deps = set()
        for mod in _module_level_imports(path.read_text(encoding="utf-8"), name):
            while mod and mod not in names:  # ``from pkg import name`` of a non-module
                mod = mod.rpartition(".")[0]
            if mod and mod != name:
                deps.add(mod)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for v in sorted(graph):
            if v not in index:
                strong(v)
    finally:
        sys.setrecursionlimit(limit)
    return out


def test_no_import_cycles():
    graph = import_graph()
    # a package importing its own submodules is not a cycle worth refusing
    for name, deps in graph.items():
        graph[name] = {d for d in deps if not d.startswith(name + ".")}
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
