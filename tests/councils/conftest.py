"""The council register for tests: the shared copy named by CASECRAWL_REGISTER_DIR."""

from __future__ import annotations

import pytest
import support

from casecrawl.councils import CouncilMatcher, CouncilRegister


@pytest.fixture(scope="session")
def register_dir() -> str:
    return support.register_dir()


@pytest.fixture(scope="session")
def matcher(register_dir) -> CouncilMatcher:
    return CouncilMatcher(CouncilRegister.from_directory(register_dir))
