"""The house rules that the imports and calls of `src/restock` must keep, read from the source
with `ast`. The table is the documentation: each row names who, what it must not do, and why.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "restock"
DOMAINS = {
    "api_keys",
    "auth",
    "customers",
    "dashboard",
    "demo",
    "insights",
    "inventory",
    "notifications",
    "privacy",
    "products",
    "sales_channels",
    "stock_locations",
    "storefront",
    "subscriptions",
    "users",
}
SQL_BUILDERS = {"select", "insert", "update", "delete", "text", "union", "union_all", "exists"}


@dataclass(frozen=True)
class Rule:
    who: str  # a module or package under restock, by dotted name
    must_not_import: frozenset[str]  # packages under restock
    why: str


RULES = (
    Rule("kit", frozenset(DOMAINS), "building blocks serve every domain and know none"),
    Rule("models", frozenset(DOMAINS), "tables are shared; the domains build on them"),
    Rule("events", frozenset(DOMAINS), "the bus carries every domain's events"),
    Rule("config", frozenset(DOMAINS), "settings are read before anything else"),
    Rule("notifications", frozenset({"subscriptions"}), "notifications serve any resource"),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text()) for p in PACKAGE.rglob("*.py")}


SOURCES = _sources()


def _imports(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _under(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _broken(rule: Rule) -> list[str]:
    who = f"restock.{rule.who}"
    return sorted(
        f"{module} imports {name}"
        for module, tree in SOURCES.items()
        if _under(module, who)
        for name in _imports(tree)
        for banned in rule.must_not_import
        if _under(name, f"restock.{banned}")
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.who)
def test_import_rules(rule: Rule) -> None:
    assert _broken(rule) == [], rule.why


def test_only_the_database_edge_commits() -> None:
    commits = sorted(
        module
        for module, tree in SOURCES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "commit"
    )
    assert commits == ["restock.db"]


def _domain_of(module: str) -> str:
    return module.split(".")[1]


def test_routers_read_only_their_own_repository() -> None:
    """Routers may read through their own domain's repository; writes, rules and other
    domains' data go through services."""
    crossing = sorted(
        f"{module} imports {name}"
        for module, tree in SOURCES.items()
        if module.endswith(".endpoints")
        for name in _imports(tree)
        if "repository" in name and _domain_of(name) != _domain_of(module)
    )
    assert crossing == []


def _is_sql_home(module: str) -> bool:
    leaf = module.rsplit(".", 1)[-1]
    return (
        leaf.endswith("repository")
        or _under(module, "restock.models")
        or module in {"restock.db", "restock.kit.sql", "restock.inventory.availability"}
    )


def test_sql_is_built_only_in_repositories() -> None:
    builders = sorted(
        f"{module} imports {alias.name}"
        for module, tree in SOURCES.items()
        if not _is_sql_home(module)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy")
        for alias in node.names
        if alias.name in SQL_BUILDERS
    )
    assert builders == []


def test_the_rules_see_the_package() -> None:
    """The rules read real modules: they would pass on an empty tree."""
    assert {"restock.db", "restock.subscriptions.check", "restock.kit.ids"} <= set(SOURCES)
    assert "restock.subscriptions.check" in _imports(SOURCES["restock.runtime"])
