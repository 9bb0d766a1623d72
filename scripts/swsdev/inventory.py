# Copyright 2026 sale_work_stage authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The tests the addon defines against the tests an Odoo log says ran.

Odoo's runner silently leaves out a test it does not collect: a plain
``unittest.TestCase`` (no tags), a file missing from ``tests/__init__.py``, a
class whose tags exclude it, a method inherited without
``allow_inherited_tests_method``. Comparing the source with the log finds
them. Pure functions on texts, tested in ``tests/test_inventory.py`` here.
"""

import ast
import re
from dataclasses import dataclass, field

# Odoo's loader takes the callables whose name starts with "test".
TEST_PREFIX = "test"
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
# OdooTestResult.startTest logs at INFO, on the logger of the test's module:
# "<date> <time> <pid> INFO <db> odoo.addons.<module>.tests.test_x: Starting
#  TestClass.test_name ... <perf info>"
STARTING_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ INFO \S+ "
    r"odoo\.addons\.(?P<module>\w+)\.(?P<dotted>[\w.]+): "
    r"Starting (?P<qualname>[\w.]+)\.(?P<method>\w+) \.\.\."
)


@dataclass
class TestClass:
    """A class of the addon's test files, its bases as far as they resolve."""

    path: str
    qualname: str
    bases: list = field(default_factory=list)  # (path, qualname) or None
    methods: set = field(default_factory=set)  # names of its own test methods


def module_path(dotted):
    """'tests.test_x' -> 'tests/test_x.py', paths relative to the addon."""
    return dotted.replace(".", "/") + ".py"


def ran_tests(log_text, module):
    """{(path, class qualname, method)} of the tests the log says started."""
    ran = set()
    for line in log_text.splitlines():
        found = STARTING_RE.match(ANSI_RE.sub("", line))
        if found and found["module"] == module:
            ran.add((module_path(found["dotted"]), found["qualname"], found["method"]))
    return ran


def _imported_names(tree, path, module):
    """{local name: (path, class name or None for a module)} of the addon's
    modules and classes that a file imports."""
    package = path.split("/")[:-1]
    absolute = f"odoo.addons.{module}"
    names = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        dotted = node.module or ""
        if node.level:
            parts = package[: len(package) - node.level + 1]
        elif dotted == absolute or dotted.startswith(f"{absolute}."):
            parts, dotted = [], dotted[len(absolute) + 1 :]
        else:
            continue
        parts = [*parts, *filter(None, dotted.split("."))]
        for alias in node.names:
            local = alias.asname or alias.name
            if dotted:
                # from .common import WorkStageCommon
                names[local] = ("/".join(parts) + ".py", alias.name)
            else:
                # from . import common, then common.WorkStageCommon
                names[local] = ("/".join([*parts, alias.name]) + ".py", None)
    return names


def _base_key(node, local_classes, imported):
    if isinstance(node, ast.Name):
        if node.id in local_classes:
            return local_classes[node.id]
        target = imported.get(node.id)
        return target if target and target[1] else None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        target = imported.get(node.value.id)
        if target and target[1] is None:
            return (target[0], node.attr)
    return None


def parse_classes(sources, module):
    """{(path, qualname): TestClass} of every class in ``sources``.

    ``sources`` maps a path relative to the addon ('tests/test_x.py') to its
    text. A base resolves when it is a class of ``sources``, named directly or
    imported (relatively or from odoo.addons.<module>); other bases (Odoo's
    TransactionCase, HttpCase...) are None: they define no test of the addon.
    """
    classes = {}
    for path, text in sources.items():
        tree = ast.parse(text, filename=path)
        imported = _imported_names(tree, path, module)
        local = {
            node.name: (path, node.name)
            for node in tree.body
            if isinstance(node, ast.ClassDef)
        }

        def visit(body, prefix, path=path, imported=imported, local=local):
            for node in body:
                if not isinstance(node, ast.ClassDef):
                    continue
                qualname = f"{prefix}{node.name}"
                classes[(path, qualname)] = TestClass(
                    path=path,
                    qualname=qualname,
                    bases=[_base_key(b, local, imported) for b in node.bases],
                    methods={
                        item.name
                        for item in node.body
                        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                        and item.name.startswith(TEST_PREFIX)
                    },
                )
                visit(node.body, f"{qualname}.")

        visit(tree.body, "")
    return classes


def linearization(key, classes, _seen=frozenset()):
    """Python's method resolution order (C3) from ``key``, restricted to the
    classes of ``classes``: the others define no test of the addon."""
    if key not in classes or key in _seen:
        return []
    parents = [base for base in classes[key].bases if base in classes]
    sequences = [linearization(p, classes, _seen | {key}) for p in parents]
    sequences = [s for s in [*sequences, parents] if s]
    order = [key]
    while sequences:
        head = next(
            (
                s[0]
                for s in sequences
                if not any(s[0] in other[1:] for other in sequences)
            ),
            None,
        )
        if head is None:
            # An order Python itself refuses: keep every class, left first.
            rest = dict.fromkeys(k for s in sequences for k in s)
            return order + [k for k in rest if k not in order]
        order.append(head)
        sequences = [s[1:] if s[0] == head else s for s in sequences]
        sequences = [s for s in sequences if s]
    return order


def definition_of(key, method, classes):
    """The class whose own ``method`` runs when ``key``'s test ``method`` runs."""
    for candidate in linearization(key, classes):
        if method in classes[candidate].methods:
            return candidate
    return None


def not_run(classes, ran):
    """Sorted 'tests/test_x.py::Class.test_y' of each defined test method that
    ran neither as itself nor inherited by a class of the addon."""
    satisfied = set()
    for path, qualname, method in ran:
        owner = definition_of((path, qualname), method, classes)
        if owner:
            satisfied.add((*owner, method))
    return sorted(
        f"{cls.path}::{cls.qualname}.{method}"
        for cls in classes.values()
        for method in cls.methods
        if (cls.path, cls.qualname, method) not in satisfied
    )


def defined_count(classes):
    return sum(len(cls.methods) for cls in classes.values())
