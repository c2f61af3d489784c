"""faq_bot.records: frozen records that behave as frozen dataclasses do, so
that code written against the model's dataclasses keeps working."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from faq_bot import records
from faq_bot.model import Entry, Faq, Reply, Section, Status


@records.record
class _Point:
    x: int
    y: int = 0
    label: str = records.field(default="", compare=False)


@dataclasses.dataclass(frozen=True)
class _TruePoint:
    x: int
    y: int = 0
    label: str = dataclasses.field(default="", compare=False)


@records.record(kw_only=True)
class _Named:
    name: str
    size: int = 1


# Each pair is one operation on a record and on the same frozen dataclass:
# what the model's users may do with them must come out the same.
@pytest.mark.parametrize(
    "operation",
    [
        lambda cls: cls(1, 2, "a") == cls(1, 2, "b"),  # compare=False leaves label out
        lambda cls: cls(1, 2) == cls(1, 3),
        lambda cls: cls(1) == (1, 0),  # another type: not equal, no error
        lambda cls: hash(cls(1, 2, "a")) == hash(cls(1, 2, "b")),
        lambda cls: repr(cls(1, 2, "a")).split("(", 1)[1],
        lambda cls: dataclasses.asdict(cls(1, 2, "a")),
        lambda cls: dataclasses.replace(cls(1, 2, "a"), y=5).y,
        lambda cls: records.replace(cls(1, 2, "a"), y=5) == cls(1, 5, "a"),
        lambda cls: [f.name for f in dataclasses.fields(cls)],
        lambda cls: dataclasses.is_dataclass(cls(1)),
        lambda cls: cls.__match_args__,
        lambda cls: (cls.y, cls.label),  # defaults stay class attributes
        lambda cls: cls(1).__dict__,
    ],
)
def test_a_record_behaves_as_a_frozen_dataclass(operation: object) -> None:
    assert callable(operation)
    assert operation(_Point) == operation(_TruePoint)


@pytest.mark.parametrize("cls", [_Point, _TruePoint])
def test_assignment_is_refused_as_dataclasses_refuse_it(cls: type) -> None:
    point = cls(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x


def test_keyword_only_records_take_no_positional_arguments() -> None:
    assert _Named(name="a").size == 1
    with pytest.raises(TypeError):
        _Named("a")  # type: ignore[call-arg]


def test_a_missing_argument_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        _Point()  # type: ignore[call-arg]


# Every way a call binds its arguments (by position, by keyword, both, with
# defaults) must give the fields a frozen dataclass's __init__ gives them,
# and a call it refuses must be refused: records bind without generated code.
@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((1,), {}),
        ((1, 2), {}),
        ((1, 2, "a"), {}),
        ((), {"x": 1}),
        ((), {"label": "a", "x": 1}),
        ((1,), {"label": "a"}),
        ((1, 2), {"label": "a"}),
        ((), {}),  # x missing
        ((1, 2, "a", 4), {}),  # one too many
        ((1,), {"x": 2}),  # x twice
        ((1,), {"z": 2}),  # no such field
        ((), {"y": 2}),  # x missing, by keyword
    ],
)
def test_arguments_bind_as_a_dataclass_binds_them(args: tuple, kwargs: dict) -> None:
    try:
        expected = vars(_TruePoint(*args, **kwargs))
    except TypeError:
        with pytest.raises(TypeError):
            _Point(*args, **kwargs)
    else:
        # Equal, and in the fields' order (records.replace relies on __dict__).
        assert list(vars(_Point(*args, **kwargs)).items()) == list(expected.items())


def test_keyword_only_records_bind_keywords_in_field_order() -> None:
    assert list(vars(_Named(size=2, name="a")).items()) == [("name", "a"), ("size", 2)]
    with pytest.raises(TypeError):
        _Named(size=2)  # type: ignore[call-arg]


def test_post_init_runs_and_may_set_fields() -> None:
    # Faq fills in its fallback in __post_init__.
    faq = Faq(sections=(Section("s", "S"),), reminder="r", entries=(Entry("a", "s", "q?", "a."),), topic="x")
    assert "x" in faq.fallback
    assert dataclasses.replace(faq, topic="y").fallback == faq.fallback  # given, so kept


def test_the_model_fields_are_the_dataclass_fields() -> None:
    for cls in (Entry, Reply, Faq):
        assert [f.name for f in records.fields(cls)] == [f.name for f in dataclasses.fields(cls)]
    reply = Reply("q", Status.ANSWERED, "r")
    assert dataclasses.replace(reply, query="p") == Reply("p", Status.ANSWERED, "r")


def test_a_cached_ask_imports_neither_dataclasses_nor_yaml(tmp_path: Path) -> None:
    # What the records are for: a start from the index cache needs neither.
    code = (
        "import sys\n"
        "from faq_bot.cli import main\n"
        "main(['ask', '--json', 'what is failed back syndrome?'])\n"
        "print(sorted(m for m in ('dataclasses', 'yaml') if m in sys.modules), file=sys.stderr)\n"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    imported = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
        .stderr.strip()
        .splitlines()[-1]
        for _ in range(2)  # the first builds the cache entry, the second starts from it
    ]
    assert imported == ["['dataclasses', 'yaml']", "[]"]


def test_records_pickle_and_copy_as_they_are() -> None:
    import copy
    import pickle

    reply = Reply("q", Status.ANSWERED, "r", entry=Entry("a", "s", "q?", "a."))
    assert pickle.loads(pickle.dumps(reply)) == reply
    assert copy.deepcopy(reply) == reply
    assert reply.__replace__(query="p") == dataclasses.replace(reply, query="p")
