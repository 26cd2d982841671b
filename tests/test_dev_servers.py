"""hub/dev/servers.py (`make services`) keeps its embedded servers and reads .env in the project folder."""

import subprocess
import sys
from pathlib import Path

from hub.dev import servers

ROOT = Path(__file__).resolve().parent.parent


def test_the_local_servers_use_the_project_folder_wherever_the_module_lives():
    assert servers.BASE_DIR == ROOT
    assert servers.DATA_DIR == ROOT / ".data"
    assert (servers.BASE_DIR / "requirements-embedded.txt").is_file()


def test_the_makefile_runs_the_module_by_its_path():
    makefile = (ROOT / "Makefile").read_text()
    assert "-m hub.dev.servers env" in makefile and "-m hub.dev.servers stop" in makefile
    result = subprocess.run(
        [sys.executable, "-m", "hub.dev.servers", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "env" in result.stdout, result.stderr
