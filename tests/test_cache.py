"""The index cache: reused when nothing changed, rebuilt when anything did,
never in the way (corrupt, unwritable, opted out), never holding a question."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import BUNDLED_FAQ

from faq_bot import FaqBot, FaqInvalid
from faq_bot import cache as cache_module
from faq_bot.cache import cache_dir, load_indexed
from faq_bot.matcher import FaqIndex


@pytest.fixture
def faq_file(tmp_path: Path) -> Path:
    path = tmp_path / "faq.yaml"
    shutil.copy(BUNDLED_FAQ, path)
    return path


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts index builds, to tell a cache hit from a rebuild."""
    count: list[int] = []
    real = FaqIndex.from_faq.__func__  # type: ignore[attr-defined]

    def counting(cls: type[FaqIndex], faq: object) -> FaqIndex:
        count.append(1)
        return real(cls, faq)  # type: ignore[no-any-return]

    monkeypatch.setattr(FaqIndex, "from_faq", classmethod(counting))
    return count


def cached_files() -> list[Path]:
    return sorted(cache_dir().glob("*.pickle")) if cache_dir().exists() else []


def test_second_load_reuses_the_index(faq_file: Path, builds: list[int]) -> None:
    first_faq, first_index = load_indexed([faq_file])
    second_faq, second_index = load_indexed([faq_file])
    assert len(builds) == 1
    assert second_faq == first_faq
    # The cached index answers exactly as the fresh one did.
    question = "does smoking slow healing after an op?"
    fresh = FaqBot(first_faq, index=first_index).ask(question)
    assert FaqBot(second_faq, index=second_index).ask(question) == fresh


def test_cache_lives_in_the_xdg_cache_dir_and_is_private(faq_file: Path, isolated_home: Path) -> None:
    load_indexed([faq_file])
    assert cache_dir() == isolated_home / ".cache" / "faq-bot"
    assert len(cached_files()) == 1
    assert cache_dir().stat().st_mode & 0o777 == 0o700
    # Nothing is written next to the user's FAQ file.
    assert sorted(p.name for p in faq_file.parent.iterdir()) == ["faq.yaml"]


def test_editing_the_faq_rebuilds(faq_file: Path, builds: list[int]) -> None:
    load_indexed([faq_file])
    text = faq_file.read_text(encoding="utf-8")
    edited = text.replace("What is failed back syndrome?", "What is FBS exactly?")
    faq_file.write_text(edited, encoding="utf-8")
    faq, _ = load_indexed([faq_file])
    assert len(builds) == 2
    assert any(e.question == "What is FBS exactly?" for e in faq.entries)


def test_opting_out_writes_nothing(
    faq_file: Path, builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAQ_BOT_NO_CACHE", "1")
    load_indexed([faq_file])
    load_indexed([faq_file])
    assert len(builds) == 2
    assert cached_files() == []


def test_a_corrupt_entry_is_a_miss_not_an_error(faq_file: Path, builds: list[int]) -> None:
    load_indexed([faq_file])
    (entry,) = cached_files()
    entry.write_bytes(b"not a pickle")
    faq, _ = load_indexed([faq_file])
    assert len(builds) == 2
    assert faq.entries


def test_an_unwritable_cache_costs_speed_not_answers(
    faq_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache directory should go")
    monkeypatch.setattr(cache_module, "cache_dir", lambda: blocker / "faq-bot")
    faq, index = load_indexed([faq_file])
    assert FaqBot(faq, index=index).ask("what is fbss").status.value == "answered"


def test_an_invalid_faq_raises_and_is_not_cached(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries: []\n", encoding="utf-8")
    with pytest.raises(FaqInvalid) as exc_info:
        load_indexed([bad])
    assert exc_info.value.path == str(bad)
    assert cached_files() == []


def test_an_edited_faq_leaves_one_entry_not_a_pile(faq_file: Path) -> None:
    # Every edit makes a new key; the stale index of the same files goes.
    load_indexed([faq_file])
    for n in range(3):
        text = faq_file.read_text(encoding="utf-8")
        edited = text.replace("What is failed back syndrome", f"What is FBS ({n})", 1)
        faq_file.write_text(edited, encoding="utf-8")
        load_indexed([faq_file])
    assert len(cached_files()) == 1


def test_a_cache_directory_open_to_others_is_made_private(faq_file: Path) -> None:
    cache_dir().mkdir(parents=True)
    cache_dir().chmod(0o777)
    load_indexed([faq_file])
    assert cache_dir().stat().st_mode & 0o777 == 0o700


def test_a_cache_directory_owned_by_someone_else_is_not_used(
    faq_file: Path, builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its pickles would be loaded: never trust one that another user could write.
    monkeypatch.setattr(cache_module.os, "getuid", lambda: 12345)
    load_indexed([faq_file])
    load_indexed([faq_file])
    assert len(builds) == 2
    assert cached_files() == []


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_before_it_is_read(device: str) -> None:
    # /dev/zero never ends: reading it for a cache key would exhaust memory.
    with pytest.raises(FaqInvalid) as exc_info:
        load_indexed([device])
    assert exc_info.value.path == device
    assert "not a regular file" in str(exc_info.value)
