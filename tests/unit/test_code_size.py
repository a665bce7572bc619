"""The house's size limits, checked: no module in app/ over 400 lines, no function over 60.

A module or function past them is split along a real seam (see the README's "How the code is
laid out"), not squeezed under the line.
"""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
MODULE_LINES = 400
FUNCTION_LINES = 60


def _modules():
    return sorted(APP.rglob("*.py"))


def test_no_module_is_longer_than_400_lines():
    long = {}
    for path in _modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LINES:
            long[str(path.relative_to(APP.parent))] = lines
    assert long == {}


def test_no_function_is_longer_than_60_lines():
    long = {}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > FUNCTION_LINES:
                    where = f"{path.relative_to(APP.parent)}:{node.lineno} {node.name}"
                    long[where] = lines
    assert long == {}
