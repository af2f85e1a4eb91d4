"""The wheel installs anywhere: it holds every module and data file of the checkout's packages,
and, installed into a fresh virtualenv outside the checkout, `casecrawl demo` runs from a
temporary directory.

Installing every dependency from PyPI would take minutes, so the fresh virtualenv gets its
third-party packages from this interpreter's site-packages, linked one by one into a directory
named by a .pth file; casecrawl itself comes only from the wheel. The editable install of the
project's own virtualenv (its `__editable__*` finder and .pth, its casecrawl dist-info) is left
out of the links, and the .pth files of a directory named by a .pth file are never run, so the
checkout cannot leak in: the test asserts where casecrawl is imported from.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from fnmatch import fnmatch
from pathlib import Path

import pytest
from support import register_dir

REPO = Path(__file__).resolve().parents[1]
# What an install of casecrawl puts in site-packages (an editable one included): never linked.
NOT_DEPENDENCIES = (
    "casecrawl",
    "casecrawl-*",
    "pipelines",
    "__editable__*",
    "*.pth",
    "__pycache__",
)
# Top-level folders with an __init__.py that are not part of the installed project.
NOT_INSTALLED = {"tests", "bench"}


def run(command: list, **options) -> subprocess.CompletedProcess:
    """Run a command; fail the test with its output unless it exits 0."""
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, **options
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def checkout_files() -> list[str]:
    """The checkout as the next commit would hold it: tracked files and new, unignored ones."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs a git checkout: the wheel is compared with `git ls-files`")
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO
    ).stdout
    return sorted(name for name in listed.split("\0") if name and (REPO / name).is_file())


def export_checkout(destination: Path) -> Path:
    """A clean copy of the checkout: building there writes nothing into the checkout (build/,
    *.egg-info, scrapyd-deploy's setup.py), and no stale file of build/ gets into a package."""
    for name in checkout_files():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    return destination


def package_files(files: list[str]) -> set[str]:
    """Every file of the checkout's top-level packages: what an installed casecrawl must hold."""
    packages = {
        name.split("/")[0]
        for name in files
        if name.count("/") == 1 and name.endswith("/__init__.py")
    } - NOT_INSTALLED
    assert {"casecrawl", "pipelines"} <= packages
    return {name for name in files if name.split("/")[0] in packages}


def venv_with_dependencies(root: Path) -> Path:
    """A fresh virtualenv in root/venv without casecrawl, whose third-party packages are this
    interpreter's, linked into root/dependencies; returns its python."""
    venv = root / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    dependencies = root / "dependencies"
    dependencies.mkdir()
    for directory in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        for entry in Path(directory).iterdir():
            link = dependencies / entry.name
            if not link.exists() and not any(fnmatch(entry.name, p) for p in NOT_DEPENDENCIES):
                link.symlink_to(entry)
    (site_packages(python) / "dependencies.pth").write_text(f"{dependencies}\n")
    return python


def site_packages(python: Path) -> Path:
    """That interpreter's site-packages."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(run([python, "-c", code]).stdout.strip()).resolve()


def clean_env(python: Path, **extra: str) -> dict[str, str]:
    """The environment of a shell with that virtualenv activated: nothing that would bring the
    checkout back (PYTHONPATH, a Scrapy project), no byte-code written through the links."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTHONPATH", "PYTHONHOME", "PYTHONUSERBASE", "VIRTUAL_ENV")
        and not name.startswith("SCRAPY")
    }
    venv = python.parent.parent
    env.update(
        VIRTUAL_ENV=str(venv),
        PATH=os.pathsep.join([str(venv / "bin"), env.get("PATH", "")]),
        PYTHONDONTWRITEBYTECODE="1",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `pip wheel .` builds from a clean copy of the checkout (no network)."""
    source = export_checkout(tmp_path_factory.mktemp("checkout"))
    dist = tmp_path_factory.mktemp("dist")
    pip = [sys.executable, "-m", "pip", "--quiet"]
    run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, source])
    (built,) = dist.glob("casecrawl-*.whl")
    return built


def test_the_wheel_holds_every_module_and_data_file(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        points = configparser.ConfigParser()
        points.read_string(archive.read(entry_points).decode())
    installed = {name for name in names if ".dist-info/" not in name}
    expected = package_files(checkout_files())
    assert "casecrawl/testbed/seed_teasers.json" in expected
    assert sorted(expected - installed) == [], "left out of the wheel"
    assert sorted(installed - expected) == [], "in the wheel, not in the checkout"
    assert points["console_scripts"]["casecrawl"] == "casecrawl.cli:main"
    # What Scrapyd reads to find a deployed project's settings.
    assert points["scrapy"]["settings"] == "casecrawl.settings"


def test_the_installed_wheel_runs_the_demo_outside_the_checkout(wheel, tmp_path):
    assert not tmp_path.resolve().is_relative_to(REPO)
    python = venv_with_dependencies(tmp_path)
    pip = [python, "-m", "pip", "--quiet"]
    run([*pip, "install", "--no-deps", "--no-index", wheel], env=clean_env(python))
    work = tmp_path / "work"
    work.mkdir()
    env = clean_env(python, CASECRAWL_REGISTER_DIR=register_dir())

    # casecrawl and pipelines come from the new virtualenv, and nothing on sys.path is in the
    # checkout (the dependencies' links are in tmp_path).
    code = (
        "import json, sys, casecrawl.cli, pipelines.publish; "
        "print(json.dumps([casecrawl.__file__, pipelines.__file__, sys.path]))"
    )
    casecrawl_file, pipelines_file, path = json.loads(
        run([python, "-c", code], cwd=work, env=env).stdout
    )
    site = site_packages(python)
    assert Path(casecrawl_file).resolve() == site / "casecrawl" / "__init__.py"
    assert Path(pipelines_file).resolve() == site / "pipelines" / "__init__.py"
    assert [p for p in path if p and Path(p).resolve().is_relative_to(REPO)] == []

    out = tmp_path / "data"
    result = subprocess.run(
        [python.parent / "casecrawl", "demo", "--size", "50", "--out", out],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Published: {out / 'snapshots'}" in result.stdout
    latest = out / "latest"
    assert latest.resolve().parent == (out / "snapshots").resolve()
    manifest = json.loads((latest / "manifest.json").read_text())
    assert manifest["complete"] is True
    assert manifest["reported_total"] == 50
    assert manifest["files"]["case_studies.parquet"]["rows"] == 50
    assert manifest["casecrawl_version"] == wheel.name.split("-")[1]
    assert list(work.iterdir()) == []  # everything went to --out

    # The analysts' command works from the installed package too.
    report = subprocess.run(
        [python.parent / "casecrawl", "report", "--out", out],
        cwd=work, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    assert Path(report.stdout.strip()) == latest.resolve() / "report.html"
    assert "<figure" in (latest / "report.html").read_text()
