"""The layering of the top-level packages, read from their imports: sources/ reads the
outside world and knows no Dagster; warehouse/ and expectations/ know nothing of each
other; none of the three imports pipeline/ (which wires them together)."""

import ast
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

FORBIDDEN = {
    "sources": {"pipeline", "warehouse", "expectations", "dagster"},
    "warehouse": {"pipeline", "expectations", "dagster"},
    "expectations": {"pipeline", "warehouse", "dagster"},
}


def imported_packages(path: Path) -> set[str]:
    """Top-level names of every module the file imports, at module level or inside a
    function (relative imports stay in their own package and are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_scan_sees_imports_inside_functions_too(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import os.path\nfrom expectations.registry import RULES\n"
        "def f():\n    import pipeline.cli\n    from . import sibling\n",
        encoding="utf-8",
    )
    assert imported_packages(module) == {"os", "expectations", "pipeline"}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_or_beside_it(package):
    files = sorted((REPO_ROOT / package).rglob("*.py"))
    assert files, package
    offending = {
        str(path.relative_to(REPO_ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in files
    }
    assert {path: names for path, names in offending.items() if names} == {}
