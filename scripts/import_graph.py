"""Print the import graph between the project's packages, from the code's own imports.

Every `import` and `from … import` in every module counts, also those inside functions, so the graph
shows what the code really depends on. Usage: `python scripts/import_graph.py` (from the checkout).
It prints each package's dependencies, then the cycles between packages, and exits 1 if there is one.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", ".git", ".tools", "node_modules", "migrations", "scripts", "tests", "static", "templates", "locale"}


def project_packages():
    return sorted(path.parent.name for path in ROOT.glob("*/__init__.py") if path.parent.name not in SKIPPED)


def modules(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        if not SKIPPED.intersection(path.relative_to(ROOT).parts):
            yield path


def imported_packages(path, packages):
    tree = ast.parse(path.read_text(), filename=str(path))
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in packages:
                found.setdefault(top, node.lineno)
    return found


def graph():
    packages = set(project_packages())
    edges = {package: {} for package in packages}
    for package in packages:
        for path in modules(package):
            for target, line in imported_packages(path, packages).items():
                if target != package:
                    edges[package].setdefault(target, f"{path.relative_to(ROOT)}:{line}")
    return edges


def cycles(edges):
    """Strongly connected groups of more than one package (Tarjan)."""
    index, lowlink, stack, on_stack, result = {}, {}, [], set(), []

    def visit(node):
        index[node] = lowlink[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                lowlink[node] = min(lowlink[node], lowlink[target])
            elif target in on_stack:
                lowlink[node] = min(lowlink[node], index[target])
        if lowlink[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                result.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return result


def main():
    edges = graph()
    for package in sorted(edges):
        targets = ", ".join(sorted(edges[package])) or "(nothing of the project)"
        print(f"{package} -> {targets}")
    found = cycles(edges)
    if found:
        print("\nCycles:")
        for group in found:
            print("  " + " <-> ".join(group))
            for source in group:
                for target in group:
                    if target in edges[source]:
                        print(f"    {source} -> {target}  ({edges[source][target]})")
        return 1
    print("\nNo cycles between packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
