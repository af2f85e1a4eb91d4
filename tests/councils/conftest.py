"""The council register for tests: the shared copy named by CASECRAWL_REGISTER_DIR."""

from __future__ import annotations

import os

import pytest

from casecrawl.councils import CouncilMatcher, CouncilRegister


@pytest.fixture(scope="session")
def register_dir() -> str:
    directory = os.environ.get("CASECRAWL_REGISTER_DIR")
    if not directory:
        pytest.fail(
            "CASECRAWL_REGISTER_DIR is not set: run the tests with `make test`, which points it "
            "at ../shared/reference, or set it to a copy of the mySociety register"
        )
    return directory


@pytest.fixture(scope="session")
def matcher(register_dir) -> CouncilMatcher:
    return CouncilMatcher(CouncilRegister.from_directory(register_dir))
