"""Packaging: pyproject.toml, the `zjtx` command, the pins and the test set-up.

The package zjtx carries its data (criteria/, assets/) when built as a wheel and finds it beside itself
in the repository; `zjtx` works from any folder once installed (`make install` runs pip install -e .);
requirements.txt pins what the program imports, requirements-dev.txt what the tests and benchmarks
import, every pin exact; pytest is configured in one place; CI runs hypothesis derandomised.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EXAMPLE = ROOT / "assets" / "examples" / "c_near_miss.json"


# --------------------------------------------------------------------------------- the command

def _console_script() -> Path:
    script = Path(sys.executable).parent / "zjtx"
    if not script.exists():
        pytest.skip(f"the `zjtx` command is not installed in this venv ({script.parent}): "
                    "run `make install` (pip install -e .)")
    return script


def test_the_zjtx_command_works_from_any_folder(tmp_path):
    script = _console_script()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([str(script), "check", str(EXAMPLE)], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["company_name"].startswith("示例企业C")
    (tmp_path / "in.csv").write_text("企业名称,营业收入（上年度）（万元）\n甲,1500\n乙,-1\n", encoding="utf-8")
    out = subprocess.run([str(script), "screen", "in.csv", "-o", "out.csv"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 3 and rows[1][:3] == ["1", "甲", ""] and rows[2][2].startswith("第 2 行")


def test_python_m_zjtx_works_from_the_repo_root():
    out = subprocess.run([sys.executable, "-m", "zjtx", "check", "assets/examples/c_near_miss.json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["gate"]["verdict"] in ("meets", "fails", "incomplete")


# ---------------------------------------------------------------------------- the data files

def test_the_data_is_found_inside_an_installed_package_first(tmp_path, monkeypatch):
    """A wheel puts criteria/ inside the package (site-packages/zjtx/criteria); the repository keeps it
    beside the package. zjtx.paths takes the package's own folder when there is one."""
    from zjtx import paths
    assert paths.data_dir("criteria") == ROOT / "criteria"
    pkg = tmp_path / "zjtx"                     # as in site-packages/zjtx
    (pkg / "criteria").mkdir(parents=True)
    (tmp_path / "criteria").mkdir()
    monkeypatch.setattr(paths, "PACKAGE_DIR", pkg)
    assert paths.data_dir("criteria") == pkg / "criteria"
    assert paths.data_dir("assets") == tmp_path / "assets"


def test_pyproject_lists_every_package_and_ships_every_data_file():
    tool = PYPROJECT["tool"]["setuptools"]
    packages, package_dir, package_data = set(tool["packages"]), tool["package-dir"], tool["package-data"]
    code = {".".join(p.relative_to(ROOT).parts) for p in (ROOT / "zjtx").rglob("*")
            if p.is_dir() and "__pycache__" not in p.parts and any(p.glob("*.py"))}
    assert code <= packages, f"folders of zjtx/ with Python missing from pyproject.toml: {sorted(code - packages)}"

    def folder(pkg: str) -> Path:        # where setuptools takes a package from
        for name in sorted(package_dir, key=len, reverse=True):
            if pkg == name or pkg.startswith(name + "."):
                return ROOT / package_dir[name] / Path(*pkg[len(name):].split(".")[1:])
        return ROOT / Path(*pkg.split("."))

    shipped = set()
    for pkg, patterns in package_data.items():
        assert pkg in packages, pkg
        base = folder(pkg)
        shipped |= {p for pat in patterns for p in base.glob(pat) if p.is_file()}
    wanted = [*(ROOT / "criteria").glob("*.yaml"), *(ROOT / "assets").rglob("*.json"),
              *(ROOT / "assets").rglob("*.xlsx"), *(ROOT / "zjtx" / "report" / "templates").iterdir()]
    missing = sorted(str(p.relative_to(ROOT)) for p in wanted if p not in shipped)
    assert not missing, f"data files a wheel would not carry: {missing}"
    assert PYPROJECT["project"]["scripts"]["zjtx"] == "zjtx.__main__:main"
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["dependencies"] == {"file": ["requirements.txt"]}


# --------------------------------------------------------------------------------------- pins

# distribution → the module it provides (when the names differ); plugins are used without an import
MODULE = {"PyYAML": "yaml", "Jinja2": "jinja2", "python-calamine": "python_calamine"}
PLUGINS = {"pytest-playwright"}                # the `page` fixture of tests/browser/
RUNTIME_SOURCES = [ROOT / "zjtx", ROOT / "app.py", ROOT / "pages"]
DEV_SOURCES = [ROOT / "tests", ROOT / "bench", ROOT / "scripts"]
# imported by zjtx/ but pinned exactly by a pinned package: pydantic==2.14.3 requires pydantic-core==2.50.4
TRANSITIVE = {"pydantic_core"}


def _pins(name: str) -> dict[str, str]:
    out = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-r "):
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][A-Za-z0-9.]*)", line)
        assert m, f"{name}: not an exact pin: {line!r}"
        out[m.group(1)] = m.group(2)
    return out


def _texts(sources: list[Path]) -> str:
    files = [p for s in sources for p in ([s] if s.is_file() else sorted(s.rglob("*.py")) + sorted(s.rglob("*.sh")))]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def _imports(text: str, module: str) -> bool:
    return re.search(rf"^\s*(?:import|from)\s+{re.escape(module)}\b", text, re.M) is not None


def test_every_pin_is_imported():
    runtime, dev = _texts(RUNTIME_SOURCES), _texts(DEV_SOURCES)
    unused = [d for d in _pins("requirements.txt") if not _imports(runtime, MODULE.get(d, d.lower().replace("-", "_")))]
    assert not unused, f"requirements.txt pins nothing in zjtx/, app.py or pages/ imports: {unused}"
    unused = [d for d in _pins("requirements-dev.txt")
              if d not in PLUGINS and not _imports(dev, MODULE.get(d, d.lower().replace("-", "_")))]
    assert not unused, f"requirements-dev.txt pins nothing in tests/, bench/ or scripts/ imports: {unused}"
    assert not set(_pins("requirements.txt")) & set(_pins("requirements-dev.txt"))
    first = next(x for x in (ROOT / "requirements-dev.txt").read_text().splitlines() if x and not x.startswith("#"))
    assert first == "-r requirements.txt"


def test_everything_the_program_imports_is_pinned():
    pinned = {MODULE.get(d, d.lower().replace("-", "_")) for d in _pins("requirements.txt")}
    found = set()
    for p in [p for s in RUNTIME_SOURCES for p in ([s] if s.is_file() else s.rglob("*.py"))]:
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    third_party = found - set(sys.stdlib_module_names) - {"zjtx", "__future__"}
    assert third_party - pinned - TRANSITIVE == set(), "imported but not pinned in requirements.txt"


# ------------------------------------------------------------------------------- test set-up

def test_pytest_is_configured_in_one_place():
    assert "ini_options" in PYPROJECT["tool"]["pytest"]
    others = [n for n in ("pytest.ini", "tox.ini", "setup.cfg") if (ROOT / n).exists()
              and re.search(r"^\[(tool:)?pytest\]", (ROOT / n).read_text(encoding="utf-8"), re.M)]
    assert not others, f"pytest settings also in {others}"
    assert {"e2e", "soak"} <= {m.split(":")[0] for m in PYPROJECT["tool"]["pytest"]["ini_options"]["markers"]}


@pytest.mark.parametrize("ci,derandomized", [("true", True), (None, False), ("false", False)])
def test_hypothesis_is_derandomised_on_ci(ci, derandomized):
    code = "import conftest, hypothesis; s = hypothesis.settings.default; print(s.derandomize, s.database is None)"
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    if ci is not None:
        env["CI"] = ci
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "tests", env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(derandomized), str(derandomized)]
