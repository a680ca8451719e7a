"""The house plan, checked on the source: which app may import which, and no import loops.

Every module of the project's packages is parsed with `ast` (nothing is imported). The
allowed edges are the design's: the kit imports no app; the domain apps
`accounts → interviews → proposals → offers` import only those below them and the kit, and
`reminders` only through its registry, to declare and schedule their deadlines; `reminders`
imports no domain app; `capture` and `pipeline` sit on top and nothing imports them but
their own modules (config/urls.py names them by string); `bench` may import anything and
nothing imports it.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ("accounts", "interviews", "proposals", "offers")
PACKAGES = ("kit", *DOMAIN, "reminders", "capture", "pipeline", "bench", "config")
# What a domain app may import from reminders: the registry it declares its deadlines to.
REMINDERS_FOR_DOMAIN = ("reminders.registry",)


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules():
    """{module name: path} for every Python module of the project's packages."""
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


MODULES = project_modules()


def resolve(importer, node):
    """The project modules one import statement of `importer` names."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = importer.split(".")
            if MODULES[importer].name != "__init__.py":
                package = package[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, base] if base else package)
        # `from package import module` names that module; `from module import name` the module.
        names = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
            for alias in node.names
        ]
    found = []
    for name in names:
        # `import a.b.c` of a module in the project, or the nearest enclosing one.
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name.split(".")[0] in PACKAGES:
            found.append(name)
    return found


def imports(module, top_level_only=False):
    """`(line, imported module)` for each project module `module` imports. With
    `top_level_only`, only the imports run when the module loads (not inside a function)."""
    tree = ast.parse(MODULES[module].read_text(), filename=str(MODULES[module]))
    found = []

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.extend((child.lineno, name) for name in resolve(module, child))
            elif top_level_only and isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            else:
                visit(child)

    visit(tree)
    return found


def package_of(module):
    return module.split(".")[0]


def refusal(module, imported):
    """Why `module` may not import `imported`, or None when it may."""
    mine, theirs = package_of(module), package_of(imported)
    if mine == theirs or mine == "bench":
        return None
    if theirs == "bench":
        return "nothing imports bench but bench"
    if theirs in ("capture", "pipeline"):
        return f"nothing imports {theirs} but its own modules (config/urls.py names it by string)"
    if mine == "kit":
        return "the kit imports no app"
    if theirs == "config":
        return "apps do not import config; they read django.conf.settings"
    if mine in DOMAIN:
        if theirs == "reminders":
            if imported in REMINDERS_FOR_DOMAIN:
                return None
            return f"a domain app imports from reminders only {', '.join(REMINDERS_FOR_DOMAIN)}"
        if theirs in DOMAIN and DOMAIN.index(theirs) > DOMAIN.index(mine):
            return f"{theirs} sits above {mine} ({' → '.join(reversed(DOMAIN))})"
        return None
    if mine == "reminders":
        if theirs in DOMAIN:
            return "reminders reads the domain apps only through what they register"
        return None
    # capture, pipeline and config sit on top.
    return None


def where(module, line):
    return f"{MODULES[module].relative_to(ROOT)}:{line}"


def test_every_import_points_down_the_house_plan():
    problems = [
        f"{where(module, line)} imports {imported}: {reason}"
        for module in MODULES
        for line, imported in imports(module)
        if (reason := refusal(module, imported))
    ]
    assert not problems, "Imports against the house plan:\n" + "\n".join(problems)


def find_cycle(graph):
    """One import cycle of `graph` ({module: {imported: line}}) as a list of modules, or None."""
    state = {}  # module -> "open" while on the path, "done" after

    def visit(module, path):
        state[module] = "open"
        path.append(module)
        for imported in sorted(graph.get(module, ())):
            if state.get(imported) == "open":
                return [*path[path.index(imported) :], imported]
            if imported not in state and (cycle := visit(imported, path)):
                return cycle
        path.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module, [])):
            return cycle
    return None


def test_no_module_imports_itself_back_when_loading():
    graph = {
        module: {
            imported: line
            for line, imported in imports(module, top_level_only=True)
            # A package's __init__ runs before its modules; ours are empty.
            if imported != module and not module.startswith(f"{imported}.")
        }
        for module in MODULES
    }
    cycle = find_cycle(graph)
    if cycle:
        steps = [
            f"{where(a, graph[a][b])} imports {b}" for a, b in zip(cycle, cycle[1:], strict=False)
        ]
        raise AssertionError("An import loop:\n" + "\n".join(steps))


def test_the_cycle_finder_finds_a_loop_and_passes_a_tree():
    assert find_cycle({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": 1, "c": 1}, "b": {"c": 1}, "c": {}}) is None


def test_each_app_has_one_urls_and_one_views_module():
    extra = sorted(
        str(path.relative_to(ROOT))
        for path in MODULES.values()
        if path.name.endswith(("_urls.py", "_views.py"))
    )
    assert not extra, f"One urls.py and one views.py per app; found {', '.join(extra)}"


def test_the_plan_refuses_what_it_should():
    assert refusal("kit.lists", "interviews.models")
    assert refusal("interviews.models", "pipeline.dashboard")
    assert refusal("interviews.models", "proposals.models")
    assert refusal("interviews.models", "reminders.models")
    assert refusal("reminders.tasks", "offers.models")
    assert refusal("pipeline.views", "capture.views")
    assert refusal("offers.views", "bench.views")
    assert refusal("offers.models", "proposals.models") is None
    assert refusal("offers.deadlines", "reminders.registry") is None
    assert refusal("pipeline.dashboard", "offers.models") is None
    assert refusal("bench.seed", "reminders.models") is None
