"""The floors of DESIGN.md hold: import-linter checks the contracts in pyproject.toml."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("hub", "schools", "tuition", "instruments", "ensembles")


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [Path(sys.executable).with_name("lint-imports"), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_no_import_runs_upward_and_floor_two_apps_stay_independent():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    assert not [c["name"] for c in contracts if "ignore_imports" in c], "the floors hold without exceptions"


@pytest.fixture
def project_copy(tmp_path):
    """The packages and pyproject.toml in a scratch folder, to break without touching the real tree."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_a_new_hub_module_must_be_given_its_floor(project_copy):
    (project_copy / "hub" / "lessons_report.py").write_text('"""Not yet on a floor."""\n')
    result = lint_imports(project_copy)
    assert result.returncode != 0
    assert "hub.lessons_report" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("hub/money.py", "import schools.models"),  # the core reaching up to floor 1
        ("hub/billing/services.py", "import hub.portal.dashboard"),  # the core reaching up to floor 3
        ("schools/selectors/people.py", "import tuition.apps"),  # floor 1 reaching up to floor 2
        ("tuition/apps.py", "import instruments.apps"),  # one floor-2 app importing its sibling
    ],
)
def test_an_import_up_a_floor_or_across_floor_two_breaks_a_contract(project_copy, module, line):
    path = project_copy / module
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")
    assert lint_imports(project_copy).returncode != 0
