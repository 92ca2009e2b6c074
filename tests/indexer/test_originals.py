"""The content-addressed store of original files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from indexer.originals import original_path, store_original


def test_store_original_keeps_a_copy_under_its_hash(tmp_path: Path) -> None:
    source = tmp_path / "решение.pdf"
    source.write_bytes(b"%PDF-1.7 original")
    sha256 = hashlib.sha256(source.read_bytes()).hexdigest()

    stored = store_original(tmp_path / "home", source, sha256)
    source.write_bytes(b"edited in place")

    assert stored == tmp_path / "home" / "originals" / sha256
    assert stored.read_bytes() == b"%PDF-1.7 original"
    assert original_path(tmp_path / "home", sha256) == stored
    assert [p.name for p in stored.parent.iterdir()] == [sha256]


def test_store_original_leaves_a_stored_file_alone(tmp_path: Path) -> None:
    sha256 = "a" * 64
    first, second = tmp_path / "one", tmp_path / "two"
    first.write_bytes(b"first")
    second.write_bytes(b"second")

    store_original(tmp_path, first, sha256)
    store_original(tmp_path, second, sha256)

    assert (tmp_path / "originals" / sha256).read_bytes() == b"first"


@pytest.mark.parametrize(
    "sha256", ["../../etc/passwd", "A" * 64, "a" * 63, ""], ids=repr
)
def test_original_path_refuses_what_is_not_a_hash(tmp_path: Path, sha256: str) -> None:
    assert original_path(tmp_path, sha256) is None
    with pytest.raises(ValueError, match="not a SHA-256"):
        store_original(tmp_path, tmp_path, sha256)


def test_original_path_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert original_path(tmp_path, "b" * 64) is None
