"""The checks a commit passes: ruff (with its complexity limits), import-linter and mypy, from .venv."""

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_pre_commit_runs_ruff_import_linter_and_mypy_from_the_venv():
    config = (ROOT / ".pre-commit-config.yaml").read_text()
    entries = re.findall(r"^\s+entry: (\S+)", config, flags=re.MULTILINE)
    assert entries == [".venv/bin/ruff", ".venv/bin/ruff", ".venv/bin/lint-imports", ".venv/bin/mypy"]
    assert all((BIN / Path(entry).name).exists() for entry in entries)
    assert "ruff check" in config and "ruff format" in config


def test_functions_are_held_to_the_complexity_and_length_limits():
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]
    assert {"C90", "PLR0915"} <= set(lint["select"])
    assert lint["mccabe"]["max-complexity"] <= 10 and lint["pylint"]["max-statements"] <= 35


def test_the_services_and_selectors_are_type_checked_by_make_test():
    """`make test` runs mypy before the suite (running it again here cost 17 s of every run)."""
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert {"hub/billing/services.py", "hub/billing/selectors.py", "hub/accounts/services.py"} <= set(
        mypy["files"]
    )
    recipe = (ROOT / "Makefile").read_text().split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "\n\tmypy\n" in recipe and recipe.index("mypy") < recipe.index("pytest")


def test_template_comments_close_on_their_line():
    """Django's {# #} comment is one line: a longer one is printed on the page (a register showed one on
    every row). {% comment %} holds a longer one."""
    open_comments = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert open_comments == []
