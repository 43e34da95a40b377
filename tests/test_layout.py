"""The package's layout (issue 10): no import circle inside ``assistant/``, each library
whose internals we touch imported in its one home only, and every module importable.

The checker reads the source with ``ast``, so it sees imports inside functions too: a
lazy import still closes a circle, it only hides it until the function runs.
"""

from __future__ import annotations

import ast
import importlib
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"

# Where each library may be imported: a module, or a package and everything under it. A
# name covers its submodules too ("chromadb" covers "chromadb.config").
HOMES: dict[str, tuple[str, ...]] = {
    # Punkt's model files, parameters and tokenizer: one module knows them, and offers
    # sentences to the rest.
    "nltk": ("assistant.ingest.sentences",),
    # The client, its settings and its system cache (cleared on reopen) are Chroma's
    # internals; the rest of the package sees a typed vector store.
    "chromadb": ("assistant.index.store",),
    "llama_index.vector_stores.chroma": ("assistant.index.store",),
    # The BM25 retriever is loaded with our stemmer and its vocabulary and sparse matrix
    # read: keyword.py offers vocabulary, document frequency and search as methods.
    "bm25s": ("assistant.index.keyword",),
    "llama_index.retrievers.bm25": ("assistant.index.keyword",),
    # The web UI is built in app/ui/; the server mounts it on the API. Nothing else
    # (the pipeline, the CLI) may need gradio to load.
    "gradio": ("assistant.app.ui", "assistant.app.server"),
    # The Snowball stemmers: a language pack gives its stemmer to whoever stems.
    "Stemmer": ("assistant.lang.pack",),
    # Each document format's reader: the rest sees Elements (assistant.types).
    "pdfplumber": ("assistant.ingest.pdf",),
    "pdfminer": ("assistant.ingest.pdf",),
    "docx": ("assistant.ingest.word",),
    "markdown_it": ("assistant.ingest.markup",),
    "bs4": ("assistant.ingest.markup",),
    # pypdf is no longer a reader of the product (pdfplumber is); tests use it to check.
    "pypdf": (),
}

SHOWN = 10  # circles listed when the test fails

# Importing it runs the command line (``python -m assistant``).
NOT_IMPORTABLE = {"assistant.__main__"}


@dataclass(frozen=True)
class Import:
    """One import statement's target: a dotted name (resolved when relative), the names
    taken from it (empty for ``import x``), where it is and how it runs."""

    module: str
    names: tuple[str, ...]
    source: str  # the importing module
    line: int
    lazy: bool  # inside a function: runs when called, not on import
    type_only: bool  # under ``if TYPE_CHECKING:``: never runs


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    lazy: bool


@dataclass
class Layout:
    """What a scan of one package found."""

    package: str
    root: Path  # the folder that holds the package
    files: dict[str, Path]  # module name -> file ("pkg" for pkg/__init__.py)
    imports: list[Import]

    def edges(self) -> list[Edge]:
        """Imports of the package's own modules, as module -> module edges.

        ``import pkg.a.b`` and ``from pkg.a import b`` (b a submodule) are edges to
        ``pkg.a.b`` only: the packages' ``__init__`` files also run, but counting them
        would make every module that imports ``pkg.x`` depend on all that ``pkg`` re-exports.
        ``from pkg.a import name`` (name not a submodule) is an edge to ``pkg.a``.
        """
        out = []
        for imp in self.imports:
            if imp.type_only or not _within(imp.module, self.package):
                continue
            if not imp.names:
                targets = [_longest_known(imp.module, self.files)]
            else:
                subs = [f"{imp.module}.{n}" for n in imp.names]
                targets = [s for s in subs if s in self.files]
                if len(targets) < len(subs):  # some names are attributes of the module
                    targets.append(_longest_known(imp.module, self.files))
            for target in targets:
                if target and target != imp.source:
                    out.append(Edge(imp.source, target, imp.line, imp.lazy))
        return out


def scan(root: Path) -> Layout:
    """Every import in every ``.py`` under the package directory ``root``."""
    package = root.name
    files: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    imports: list[Import] = []
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imports.extend(_imports(tree, name, here))
    return Layout(package, root.parent, files, imports)


def _imports(tree: ast.AST, source: str, here: str) -> list[Import]:
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool, type_only: bool) -> None:
        def add(module: str, names: tuple[str, ...]) -> None:
            line = getattr(node, "lineno", 0)
            found.append(Import(module, names, source, line, lazy, type_only))

        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, ())
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module, node.level, here)
            add(base, tuple(alias.name for alias in node.names))
        elif isinstance(node, ast.Call) and _is_dynamic_import(node):
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                add(arg.value, ())
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, lazy, True)
            for child in node.orelse:
                visit(child, lazy, type_only)
            return
        inner = lazy or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            visit(child, inner, type_only)

    visit(tree, False, False)
    return found


def _resolve(module: str | None, level: int, here: str) -> str:
    """The absolute name of ``from <level dots><module> import ...`` in package ``here``."""
    if not level:
        return module or ""
    parts = here.split(".")
    if level - 1 >= len(parts):
        raise ValueError(f"relative import beyond the top package in {here}")
    base = parts[: len(parts) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _is_dynamic_import(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("import_module", "__import__") and bool(node.args)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _longest_known(name: str, files: dict[str, Path]) -> str:
    parts = name.split(".")
    while parts and ".".join(parts) not in files:
        parts.pop()
    return ".".join(parts)


def cycles(layout: Layout) -> list[list[Edge]]:
    """Import circles: for each edge inside a strongly connected group of modules, the
    shortest way back; each circle once, as its edges in order."""
    graph: dict[str, dict[str, Edge]] = {m: {} for m in layout.files}
    for edge in layout.edges():
        graph[edge.source].setdefault(edge.target, edge)  # the first import of it
    found: dict[tuple[str, ...], list[Edge]] = {}
    for group in _strongly_connected(graph):
        if len(group) < 2:
            continue
        for source in sorted(group):
            for target, edge in sorted(graph[source].items()):
                if target not in group:
                    continue
                back = _shortest_path(graph, target, source, group)
                circle = [edge, *back]
                names = [e.source for e in circle]
                start = names.index(min(names))
                key = tuple(names[start:] + names[:start])
                found.setdefault(key, circle[start:] + circle[:start])
    return [found[k] for k in sorted(found, key=lambda k: (len(k), k))]


def _strongly_connected(graph: dict[str, dict[str, Edge]]) -> list[set[str]]:
    """Tarjan's algorithm (recursive: a package has tens of modules, not thousands)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _shortest_path(
    graph: dict[str, dict[str, Edge]], start: str, goal: str, within: set[str]
) -> list[Edge]:
    came: dict[str, Edge | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for nxt, edge in sorted(graph[node].items()):
            if nxt in within and nxt not in came:
                came[nxt] = edge
                queue.append(nxt)
    path: list[Edge] = []
    node = goal
    while (edge := came[node]) is not None:
        path.append(edge)
        node = edge.source
    return path[::-1]


def misplaced(layout: Layout, homes: dict[str, tuple[str, ...]]) -> list[tuple[Import, str]]:
    """Imports of a library outside its home, with the library's name."""
    out = []
    for imp in layout.imports:
        if _within(imp.module, layout.package) or not imp.module:
            continue
        for dependency, allowed in homes.items():
            if any(_within(n, dependency) for n in _imported_names(imp)) and not any(
                _within(imp.source, home) for home in allowed
            ):
                out.append((imp, dependency))
    return out


def _imported_names(imp: Import) -> list[str]:
    """The module and each ``module.name``: ``from llama_index.retrievers import bm25``
    imports llama_index.retrievers.bm25."""
    return [imp.module, *(f"{imp.module}.{n}" for n in imp.names)]


def describe_cycle(layout: Layout, circle: list[Edge]) -> str:
    """``a → b → a`` and, below it, where each import is."""
    path = " → ".join([circle[0].source, *(e.target for e in circle)])
    where = "; ".join(_where(layout, e.source, e.line, e.lazy) for e in circle)
    return f"{path}\n    ({where})"


def describe_misplaced(layout: Layout, imp: Import, dependency: str) -> str:
    where = _where(layout, imp.source, imp.line, imp.lazy)
    return f"{where} imports {imp.module} ({dependency}'s home: {', '.join(HOMES[dependency])})"


def _where(layout: Layout, module: str, line: int, lazy: bool) -> str:
    path = layout.files[module].relative_to(layout.root)
    return f"{path}:{line}" + (" in a function" if lazy else "")


@pytest.fixture(scope="module")
def layout() -> Layout:
    return scan(PACKAGE)


def test_no_import_cycles(layout: Layout) -> None:
    found = cycles(layout)
    if found:  # shortest first; one added import can close dozens of longer circles
        shown = [describe_cycle(layout, c) for c in found[:SHOWN]]
        more = [f"… and {len(found) - SHOWN} longer ones"] if len(found) > SHOWN else []
        pytest.fail("import cycles inside assistant/:\n" + "\n".join(shown + more), False)


def test_dependencies_stay_home(layout: Layout) -> None:
    for dependency, homes in HOMES.items():
        for home in homes:  # a renamed home would make its rule pass vacuously
            assert home in layout.files, f"{dependency}'s home {home} is not a module"
    found = misplaced(layout, HOMES)
    if found:
        lines = [describe_misplaced(layout, imp, dep) for imp, dep in found]
        pytest.fail("libraries imported outside their home:\n" + "\n".join(lines), False)


def test_each_home_imports_what_it_is_home_to(layout: Layout) -> None:
    """The checker sees each home's own imports (store.py's are inside functions), so the
    rule above does not pass for want of seeing them; a home that imports none of its
    libraries is a stale entry in HOMES."""
    for home in sorted({h for homes in HOMES.values() for h in homes}):
        libraries = [d for d, homes in HOMES.items() if home in homes]
        seen = [
            imp
            for imp in layout.imports
            if _within(imp.source, home)
            and any(_within(n, d) for n in _imported_names(imp) for d in libraries)
        ]
        assert seen, f"{home} imports none of {libraries}: a stale entry in HOMES?"


MODULES = sorted(set(scan(PACKAGE).files) - NOT_IMPORTABLE)


@pytest.mark.parametrize("module", MODULES)
def test_every_module_imports(module: str) -> None:
    from assistant.offline import ensure_offline

    ensure_offline()
    importlib.import_module(module)


def test_checker_fails_on_a_deliberate_violation(tmp_path: Path) -> None:
    """A tiny package with a circle (one side lazy and relative) and nltk outside its home;
    its ``__init__`` re-exports from a submodule, which must not count as a circle."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from pkg.a import VALUE\n",
        "a.py": "from pkg.b import helper\n\nVALUE = helper\n",
        "b.py": "def helper():\n    from . import a\n\n    return a.VALUE\n",
        # b is a submodule: an edge to pkg.b, not to pkg (whose __init__ imports a)
        "c.py": "from pkg import b\nfrom .d import X\n",
        "sub/__init__.py": "",
        "sub/sentences.py": "import nltk\n",
        "sub/misplaced.py": "def split(text):\n    from nltk.tokenize import sent_tokenize\n",
        # never runs, so no circle with c.py
        "d.py": "import typing\n\nif typing.TYPE_CHECKING:\n    from pkg import c\nX = 1\n",
    }
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    found = scan(package)

    circles = [[e.source for e in c] + [c[-1].target] for c in cycles(found)]
    assert circles == [["pkg.a", "pkg.b", "pkg.a"]]  # pkg → pkg.a → … → pkg is not one
    lazy = {e.source: e.lazy for e in cycles(found)[0]}
    assert lazy == {"pkg.a": False, "pkg.b": True}

    wrong = misplaced(found, {"nltk": ("pkg.sub.sentences",)})
    assert [(imp.source, imp.module, dep, imp.line) for imp, dep in wrong] == [
        ("pkg.sub.misplaced", "nltk.tokenize", "nltk", 2)
    ]
