"""Deploying to Scrapyd as docs/deploy.md says, on loopback.

A scrapyd on 127.0.0.1 runs in a fresh virtualenv without casecrawl (its packages linked from
this interpreter's, as in test_install.py), so that the deployed egg is the only casecrawl its
jobs can import. scrapyd-client builds the egg from a clean copy of the checkout and uploads it;
a crawl of the replica scheduled through schedule.json writes a complete snapshot to the data
directory given in the job's settings.
"""

from __future__ import annotations

import configparser
import json
import socket
import subprocess
import time
import urllib.parse
import urllib.request
import zipfile
from contextlib import contextmanager
from pathlib import Path

from support import register_dir
from test_install import (
    checkout_files,
    clean_env,
    export_checkout,
    package_files,
    run,
    venv_with_dependencies,
)

from casecrawl.testbed.process import ReplicaProcess

SIZE = 40
# For the local replica only: a real deployment keeps the polite defaults of casecrawl.settings.
REPLICA_SETTINGS = {
    "CONCURRENT_REQUESTS": "8",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
}
# Loopback requests never go through a proxy.
LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def api(base_url: str, endpoint: str, form: dict | list | None = None) -> dict:
    """GET a Scrapyd endpoint, or POST a form to it; its JSON answer."""
    data = None if form is None else urllib.parse.urlencode(form).encode()
    with LOOPBACK.open(f"{base_url}/{endpoint}", data=data, timeout=30) as response:
        answer = json.loads(response.read())
    assert answer.get("status") == "ok", answer
    return answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def scrapyd(python: Path, root: Path, env: dict[str, str]):
    """A scrapyd on 127.0.0.1 whose eggs, logs, items and dbs are under root; yields its URL."""
    for attempt in range(3):  # another process may take the free port first
        port = free_port()
        (root / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {port}\n"
            f"eggs_dir = {root / 'eggs'}\n"
            f"logs_dir = {root / 'logs'}\n"
            f"items_dir = {root / 'items'}\n"
            f"dbs_dir = {root / 'dbs'}\n"
            "poll_interval = 0.2\n"
        )
        # SCRAPYD_* variables win over any scrapyd.conf; HOME hides a ~/.scrapyd.conf.
        server_env = {
            **env,
            "HOME": str(root),
            "SCRAPYD_BIND_ADDRESS": "127.0.0.1",
            "SCRAPYD_HTTP_PORT": str(port),
        }
        log = (root / f"scrapyd-{attempt}.log").open("w")
        process = subprocess.Popen(
            [python, "-m", "scrapyd"],
            cwd=root,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            if answers(base_url, process):
                yield base_url
                return
        finally:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)
            log.close()
    raise RuntimeError(f"scrapyd did not start: {(root / 'scrapyd-2.log').read_text()}")


def answers(base_url: str, process: subprocess.Popen, timeout: float = 30) -> bool:
    """Whether the scrapyd answers daemonstatus.json before it exits or the timeout."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        try:
            api(base_url, "daemonstatus.json")
            return True
        except OSError:
            time.sleep(0.1)
    return False


def wait_for_job(base_url: str, job: str, timeout: float = 120) -> dict:
    """Poll listjobs.json until the job has finished; its entry."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        finished = api(base_url, "listjobs.json?project=casecrawl")["finished"]
        for entry in finished:
            if entry["id"] == job:
                return entry
        time.sleep(0.2)
    api(base_url, "cancel.json", {"project": "casecrawl", "job": job})
    raise AssertionError(f"job {job} did not finish in {timeout} s")


def test_a_crawl_scheduled_on_scrapyd_writes_a_complete_snapshot(tmp_path):
    python = venv_with_dependencies(tmp_path)
    # TMPDIR: `scrapyd-deploy --build-egg` leaves its build folder behind.
    (tmp_path / "tmp").mkdir()
    env = clean_env(python, CASECRAWL_REGISTER_DIR=register_dir(), TMPDIR=str(tmp_path / "tmp"))
    missing = subprocess.run(
        [python, "-c", "import casecrawl"], env=env, cwd=tmp_path, capture_output=True
    )
    assert missing.returncode != 0  # only the egg can bring casecrawl to scrapyd's jobs

    # The egg scrapyd-client builds: every module and data file, and the settings entry point.
    checkout = export_checkout(tmp_path / "checkout")
    egg = tmp_path / "casecrawl.egg"
    deploy = [python, "-m", "scrapyd_client.deploy"]
    run([*deploy, "--build-egg", egg], cwd=checkout, env=env)
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        points = configparser.ConfigParser()
        points.read_string(archive.read("EGG-INFO/entry_points.txt").decode())
    installed = {name for name in names if not name.startswith("EGG-INFO/")}
    assert sorted(package_files(checkout_files()) - installed) == [], "left out of the egg"
    assert points["scrapy"]["settings"] == "casecrawl.settings"

    server = tmp_path / "scrapyd"
    server.mkdir()
    data = tmp_path / "data"
    with scrapyd(python, server, env) as base_url, ReplicaProcess(size=SIZE) as replica:
        # Deployed with scrapyd-client, to a target added to the project's scrapy.cfg.
        with (checkout / "scrapy.cfg").open("a") as cfg:
            cfg.write(f"\n[deploy:test]\nurl = {base_url}/\n")
        run([*deploy, "test", "--egg", egg, "--version", "1"], cwd=checkout, env=env)
        assert api(base_url, "listspiders.json?project=casecrawl")["spiders"] == ["case_studies"]

        settings = {
            "CASECRAWL_BASE_URL": replica.base_url,
            "CASECRAWL_OUT_DIR": str(data),
            **REPLICA_SETTINGS,
        }
        form = [("project", "casecrawl"), ("spider", "case_studies")]
        form += [("setting", f"{name}={value}") for name, value in settings.items()]
        job = api(base_url, "schedule.json", form)["jobid"]
        wait_for_job(base_url, job)

    log_file = server / "logs" / "casecrawl" / "case_studies" / f"{job}.log"
    log = log_file.read_text()
    manifest_file = data / "latest" / "manifest.json"
    assert manifest_file.exists(), log[-3000:]
    manifest = json.loads(manifest_file.read_text())
    assert manifest["complete"] is True, log[-3000:]
    assert manifest["base_url"] == replica.base_url
    assert manifest["reported_total"] == SIZE
    assert manifest["items_written"] == SIZE
    assert manifest["files"]["case_studies.parquet"]["rows"] == SIZE
    assert (data / "latest").resolve().parent == (data / "snapshots").resolve()
    # The job ran with the egg's casecrawl.settings (through the entry point), the
    # replica's overrides on top; the polite defaults are the settings module's.
    assert "'BOT_NAME': 'casecrawl'" in log
    assert "'ROBOTSTXT_OBEY': True" in log
    assert "'DOWNLOAD_DELAY': '0'" in log
    items = server / "items" / "casecrawl" / "case_studies" / f"{job}.jl"
    assert len(items.read_text().splitlines()) == SIZE
