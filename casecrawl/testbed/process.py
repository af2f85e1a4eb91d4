"""Run the replica in a child process (so it never competes with the crawl for the GIL)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

READY = re.compile(r"serving (http://127\.0\.0\.1:\d+)")


class ReplicaProcess:
    """`with ReplicaProcess(size=300, variant='flat') as replica:` then use `replica.base_url`.

    Other options become flags: `ReplicaProcess(60, variant="random", markup_seed=3)` runs
    `--markup-seed 3`; the random markup's choices are then in `replica.markup_description`.
    `True` gives a bare flag (`no_validators=True` runs `--no-validators`), `False` and `None`
    give nothing: `ReplicaProcess(300, add=7, edit=3, remove=2, request_log=path)`.
    The faults: `ReplicaProcess(60, rate_limit=5, penalty=2, retry_after_date=True)` (429s),
    `ReplicaProcess(60, bad_content=True)` (which case studies:
    `ReplicaSite(60, bad_content=True).bad_content_cases()`).
    """

    def __init__(self, size: int, variant: str = "classic", latency: float = 0.0, **options):
        self.variant = variant
        self.markup_description: dict | None = None
        self.args = ["--size", str(size), "--variant", variant, "--latency", str(latency)]
        for name, value in options.items():
            flag = f"--{name.replace('_', '-')}"
            if value is True:
                self.args.append(flag)
            elif value is not None and value is not False:
                self.args += [flag, str(value)]
        self.proc: subprocess.Popen | None = None
        self.base_url = ""

    def __enter__(self) -> ReplicaProcess:
        command = [sys.executable, "-m", "casecrawl", "replica", "serve", "--port", "0", *self.args]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        match = READY.search(line)
        if not match:
            self.proc.kill()
            raise RuntimeError(f"replica did not start: {line!r}")
        self.base_url = match.group(1)
        if self.variant in ("random", "furnished"):  # its second line: the markup's choices
            line = self.proc.stdout.readline()
            self.markup_description = json.loads(line.partition(" ")[2])
        return self

    def __exit__(self, *exc) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
