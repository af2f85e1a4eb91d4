"""Finding the register: a local copy, the verified cache, else a clear message how to get it."""

from __future__ import annotations

import shutil

import pytest

from casecrawl.councils.register import (
    REGISTER_FILES,
    CouncilRegister,
    RegisterUnavailable,
    locate_register,
)


def test_local_copy_is_used(register_dir):
    assert str(locate_register(register_dir)) == register_dir
    register = CouncilRegister.from_directory(register_dir)
    assert register["AYL"].end_date and register["AYL"].successor_code == "BUC"
    assert register["WGN"].gss_code == "E08000010"


def test_missing_local_copy_names_the_directory_and_how_to_get_it(tmp_path):
    with pytest.raises(RegisterUnavailable, match=str(tmp_path)) as error:
        locate_register(tmp_path)
    assert "uk_local_authorities_current.csv" in str(error.value)


def test_verified_cache_is_used_and_a_changed_cache_is_not(tmp_path, register_dir, monkeypatch):
    monkeypatch.delenv("CASECRAWL_REGISTER_DIR", raising=False)
    from casecrawl.councils.register import REGISTER_VERSION

    cache = tmp_path / REGISTER_VERSION
    cache.mkdir()
    for name in REGISTER_FILES:
        shutil.copy(f"{register_dir}/{name}", cache / name)
    assert locate_register(None, tmp_path, download=False) == cache
    with (cache / "lookup_name_to_registry.csv").open("a") as handle:
        handle.write("tampered,XXX\n")
    with pytest.raises(RegisterUnavailable, match="not cached"):
        locate_register(None, tmp_path, download=False)
