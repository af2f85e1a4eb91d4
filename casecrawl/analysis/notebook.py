"""Run a notebook headless (nbclient) against a data directory: what `make notebooks` does.

    python -m casecrawl.analysis.notebook notebooks/explore.ipynb [--data data] [--out FILE]

The executed copy, outputs and all, is written outside the repository's notebooks/ (by
default `<data>/notebooks/<name>`), so no output is ever committed. Needs the `notebooks`
extra (`pip install 'casecrawl[notebooks]'`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from casecrawl.dataset import SnapshotFolder
from casecrawl.dataset.layout import LATEST

TIMEOUT = 600  # seconds a cell may take


def run_notebook(notebook: str | Path, data_dir: str | Path, out: str | Path | None = None):
    """Execute every cell with CASECRAWL_DATA set to `data_dir` (absolute) and the notebook's
    folder as working directory; write the executed copy to `out`; return it (nbformat).

    A cell that raises stops the run: nbclient's CellExecutionError names the cell."""
    import nbformat
    from nbclient import NotebookClient

    notebook = Path(notebook).resolve()
    data_dir = Path(data_dir).resolve()
    out = Path(out) if out else data_dir / "notebooks" / notebook.name
    document = nbformat.read(notebook, as_version=4)
    previous = os.environ.get("CASECRAWL_DATA")
    os.environ["CASECRAWL_DATA"] = str(data_dir)  # the kernel inherits it
    try:
        client = NotebookClient(
            document,
            kernel_name="python3",
            timeout=TIMEOUT,
            resources={"metadata": {"path": str(notebook.parent)}},
        )
        client.execute()
    finally:
        if previous is None:
            os.environ.pop("CASECRAWL_DATA", None)
        else:
            os.environ["CASECRAWL_DATA"] = previous
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(document, out)
    return document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casecrawl.analysis.notebook")
    parser.add_argument("notebook", help="the .ipynb file to run")
    parser.add_argument("--data", default="data", help="data directory holding latest/")
    parser.add_argument("--out", help="executed copy (default <data>/notebooks/<name>)")
    args = parser.parse_args(argv)
    if not SnapshotFolder(Path(args.data) / LATEST).has_table():
        print(
            f"{args.data}/latest holds no snapshot: run `make demo` or `make crawl` first",
            file=sys.stderr,
        )
        return 2
    from nbclient.exceptions import CellExecutionError

    try:
        run_notebook(args.notebook, args.data, args.out)
    except CellExecutionError as error:
        print(f"{args.notebook}: a cell failed:\n{error}", file=sys.stderr)
        return 1
    out = args.out or Path(args.data) / "notebooks" / Path(args.notebook).name
    print(f"ran {args.notebook}: every cell; executed copy in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
