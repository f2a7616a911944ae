"""The packages depend in one direction (docs/architecture.md): the test reads the code's own imports with
scripts/import_graph.py, the script anyone can run to print the graph."""

import ast
import importlib.util

from tests import ROOT

spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
import_graph = importlib.util.module_from_spec(spec)
spec.loader.exec_module(import_graph)

# Bottom to top: a package may import only packages before it in this order.
LAYERS = ["core", "sitesearch", "partners", "workpackages", "events", "publications", "translations", "inducult", "demo"]


def test_the_layers_are_every_package_of_the_project():
    assert sorted(import_graph.project_packages()) == sorted(LAYERS)


def test_no_package_imports_one_above_it_and_there_is_no_cycle():
    edges = import_graph.graph()
    upward = [
        f"{package} -> {target} ({where})"
        for package, targets in edges.items()
        for target, where in targets.items()
        if LAYERS.index(target) > LAYERS.index(package)
    ]
    assert not upward
    assert import_graph.cycles(edges) == []


def test_the_bottom_layer_imports_nothing_of_the_project_and_nothing_but_the_demo_imports_the_demo():
    edges = import_graph.graph()
    assert edges["core"] == {}
    assert [package for package, targets in edges.items() if "demo" in targets] == []


def test_an_import_inside_a_function_says_why():
    """Imports belong at the top of a module; one inside a function (outside an AppConfig's `ready`, where
    Django wants them) avoids an expensive import and says so in a comment on the line or the line before."""
    unexplained = []
    for package in import_graph.project_packages():
        for path in import_graph.modules(package):
            lines = path.read_text().splitlines()
            tree = ast.parse("\n".join(lines))
            for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)):
                if function.name == "ready":
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        nearby = lines[node.lineno - 2 : node.lineno]
                        if not any("#" in line for line in nearby):
                            unexplained.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not unexplained
