"""Frozen record classes, made without the :mod:`dataclasses` module.

``@record`` makes a class like ``@dataclass(frozen=True)`` does: fields from
the annotations in order, defaults from class attributes or :func:`field`,
and ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and ``__match_args__``
to match, assignment refused with :class:`dataclasses.FrozenInstanceError`.
Importing :mod:`dataclasses` (it brings in inspect, ast, dis and tokenize)
and having it build the model's classes cost a start of ``faq-bot ask`` about
a sixth of its time; this module builds them in a tenth of that.

The classes still work with :mod:`dataclasses`: ``dataclasses.replace``,
``fields``, ``asdict`` and ``is_dataclass`` see them as dataclasses, their
field list made on first use (the only time that module is imported).
Within faq-bot, :func:`replace` and :func:`fields` do the same without it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, overload

_T = TypeVar("_T")

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform  # typing has it from Python 3.11
else:

    def dataclass_transform(**_: Any) -> Callable[[_T], _T]:
        """Only for type checkers: tells them ``record`` makes dataclass-like classes."""
        return lambda f: f


__all__ = ["Field", "field", "fields", "record", "replace", "unchecked"]

_MISSING: Any = object()
# The names the generated methods use: set by record() on each class.
_SPEC = "__record_fields__"


# The functional form, as for loader.Lexicon: the class form compiles each
# field's annotation (text here) at import, which every start pays.
Field = NamedTuple(  # noqa: UP014 - see above
    "Field",
    [("name", str), ("type", str), ("default", Any), ("compare", bool), ("kw_only", bool)],
)
Field.__doc__ = """One field of a record: its ``name``, its annotation as written
(``type``, a string), its default (``_MISSING`` for none), whether it counts in
``==``, and whether it is keyword-only."""


# The functional form, as for loader.Lexicon: the class form compiles each
# field's annotation (text here) at import, which every start pays.
_FieldSpec = NamedTuple("_FieldSpec", [("default", Any), ("compare", bool)])  # noqa: UP014 - see above


def field(*, default: Any = _MISSING, compare: bool = True) -> Any:
    """A field's default and whether it counts in ``==`` and ``hash``, as
    :func:`dataclasses.field` (only these two options)."""
    return _FieldSpec(default, compare)


def fields(obj: object) -> tuple[Field, ...]:
    """The fields of a record class or instance (or of a dataclass), in order."""
    found: tuple[Field, ...] | None = getattr(obj, _SPEC, None)
    if found is None:
        import dataclasses

        found = tuple(
            Field(f.name, str(f.type), f.default, f.compare, f.kw_only is True)
            for f in dataclasses.fields(obj)  # type: ignore[arg-type]
        )
    return found


def replace(obj: _T, /, **changes: Any) -> _T:
    """A copy of the record ``obj`` with ``changes``, as :func:`dataclasses.replace`
    (which it is, for a dataclass)."""
    spec: tuple[Field, ...] | None = getattr(obj, _SPEC, None)
    if spec is None:
        import dataclasses

        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    # The generated __init__ keeps exactly the fields in __dict__: copied in C
    # (a reply is replaced once or twice per message of a batch).
    held = obj.__dict__
    if len(held) == len(spec):
        return type(obj)(**{**held, **changes})
    for f in spec:
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return type(obj)(**changes)


def unchecked(cls: type[_T], values: dict[str, Any]) -> _T:
    """A record of ``cls`` holding ``values``, one for each field (else
    KeyError), without its ``__post_init__``: for a record checked when it
    was first made, read back whole (the cache's checksummed entries)."""
    made: _T = cls.__new__(cls)
    made.__dict__.update({f.name: values[f.name] for f in fields(cls)})
    if len(values) != len(made.__dict__):
        raise KeyError("a value for no field")
    return made


class _DataclassFields:
    """``__dataclass_fields__`` made on first use, with :mod:`dataclasses`
    imported then: from a true dataclass of the same fields, so that the
    module's functions find the fields they expect."""

    def __get__(self, obj: object, owner: type) -> dict[str, Any]:
        import dataclasses

        spec = fields(owner)
        shadow = dataclasses.make_dataclass(
            owner.__name__,
            [
                (
                    f.name,
                    f.type,
                    dataclasses.field(
                        compare=f.compare,
                        kw_only=f.kw_only,
                        **({} if f.default is _MISSING else {"default": f.default}),
                    ),
                )
                for f in spec
            ],
            frozen=True,
        )
        found: dict[str, Any] = getattr(shadow, "__dataclass_fields__")  # noqa: B009
        type.__setattr__(owner, "__dataclass_fields__", found)
        return found


def _default(f: Field) -> dict[str, Any]:
    return {} if f.default is _MISSING else {"default": f.default}


def _frozen_setattr(self: object, name: str, value: object) -> None:  # noqa: ARG001
    import dataclasses

    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:  # noqa: ARG001
    import dataclasses

    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__record_key__
    return key(self) == key(other)


def _hash(self: Any) -> int:
    return hash(self.__record_key__(self))


def _repr(self: Any) -> str:
    inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))
    return f"{type(self).__qualname__}({inner})"


def _key_getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """What ``==`` and ``hash`` compare: the fields ``names``, as a tuple, got in C."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda _: ()


def _initializer(qualname: str, spec: list[Field], *, post_init: bool) -> Callable[..., None]:
    """``__init__`` for a record of the fields ``spec``, made without compiling
    any source: exec() of a generated one cost a start some 0.8M instructions
    a class (Python's parser), 3% of a cached ``faq-bot ask``. The calls
    records get, fields by position or by keyword but not both, take a path
    in C as short as the generated code's; the rest are bound as Python
    binds arguments, with the same errors."""
    names = tuple(f.name for f in spec)
    by_position = not any(f.kw_only for f in spec)
    # The defaults of the last fields (no field without one follows one with one).
    tail = tuple(f.default for f in spec if f.default is not _MISSING) if by_position else ()
    least, most = len(names) - len(tail), len(names)
    every = frozenset(names)
    required = frozenset(f.name for f in spec if f.default is _MISSING)
    # Every field in order, a field without a default held by _MISSING until
    # given: a dict merged into keeps its keys' order, so ``{**template,
    # **kwargs}`` is __dict__ as it must be, fields in order, made in C (a
    # batch makes a few replies per question, most by keyword).
    template = {f.name: f.default for f in spec}

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        values: Iterable[Any]
        if kwargs:
            if args or not required <= kwargs.keys() <= every:
                values = _bound(qualname, spec, args, kwargs)
            else:
                self.__dict__.update({**template, **kwargs})
                if post_init:
                    self.__post_init__()
                return
        elif len(args) == most and by_position:
            values = args
        elif least <= len(args) <= most and by_position:
            values = args + tail[len(args) - least :]
        else:
            values = _bound(qualname, spec, args, kwargs)
        # Into the instance's __dict__ directly: a frozen class cannot use its own __setattr__.
        # Each path above gives exactly one value a field: zip(strict=True)
        # would only check that, at a third of a small record's making.
        self.__dict__.update(zip(names, values, strict=False))
        if post_init:
            self.__post_init__()

    __init__.__qualname__ = f"{qualname}.__init__"
    return __init__


def _positional(spec: list[Field]) -> list[Field]:
    """The fields an ``__init__`` takes by position: those before the first keyword-only one."""
    return list(itertools.takewhile(lambda f: not f.kw_only, spec))


def _bound(qualname: str, spec: list[Field], args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """The fields' values from ``args`` and ``kwargs`` as a generated
    ``__init__(self, <positional fields>, *, <keyword-only fields>)`` would
    take them, defaults filled in; TypeError as Python's would be."""
    positional = [f.name for f in _positional(spec)]
    if len(args) > len(positional):
        raise TypeError(
            f"{qualname}.__init__() takes {len(positional) + 1} positional arguments"
            f" but {len(args) + 1} were given"
        )
    given = dict(zip(positional, args, strict=False))  # fewer args: the rest by keyword
    for name in kwargs:
        if name in given:
            raise TypeError(f"{qualname}.__init__() got multiple values for argument {name!r}")
        if not any(f.name == name for f in spec):
            raise TypeError(f"{qualname}.__init__() got an unexpected keyword argument {name!r}")
    given.update(kwargs)
    missing = [f.name for f in spec if f.name not in given and f.default is _MISSING]
    if missing:
        raise TypeError(f"{qualname}.__init__() missing {len(missing)} required argument(s): {missing}")
    return [given.get(f.name, f.default) for f in spec]


@overload
@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[_T], /) -> type[_T]: ...
@overload
def record(*, kw_only: bool = False) -> Callable[[type[_T]], type[_T]]: ...


def record(cls: type[_T] | None = None, /, *, kw_only: bool = False) -> Any:
    """Make ``cls`` a frozen record (see the module's docstring); with
    ``kw_only``, its ``__init__`` takes keywords only."""
    if cls is None:
        return lambda c: _make(c, kw_only=kw_only)
    return _make(cls, kw_only=kw_only)


def _make(cls: type[_T], *, kw_only: bool) -> type[_T]:
    spec: list[Field] = []
    for base in reversed(cls.__mro__[1:]):
        spec += [f for f in getattr(base, _SPEC, ()) if f.name not in {g.name for g in spec}]
    # The class's own annotations, as written (strings: no name is evaluated).
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        given = cls.__dict__.get(name, _MISSING)
        default, compare = (given.default, given.compare) if isinstance(given, _FieldSpec) else (given, True)
        # As dataclasses leave it: the class attribute is the default, if there is one.
        if default is not _MISSING:
            setattr(cls, name, default)
        elif given is not _MISSING:
            delattr(cls, name)
        spec = [f for f in spec if f.name != name] + [Field(name, str(annotation), default, compare, kw_only)]
    # As Python refuses such a signature (and dataclasses such a class).
    positional = _positional(spec)
    if any(a.default is not _MISSING and b.default is _MISSING for a, b in itertools.pairwise(positional)):
        raise TypeError(f"{cls.__qualname__}: a field without a default follows one with a default")
    init = _initializer(cls.__qualname__, spec, post_init=hasattr(cls, "__post_init__"))

    methods: dict[str, Any] = {
        _SPEC: tuple(spec),
        "__init__": init,
        # Not a method: called with the record (see _eq).
        "__record_key__": staticmethod(_key_getter(tuple(f.name for f in spec if f.compare))),
        "__eq__": _eq,
        "__hash__": _hash,
        "__setattr__": _frozen_setattr,
        "__delattr__": _frozen_delattr,
        "__match_args__": tuple(f.name for f in spec if not f.kw_only),
        "__replace__": replace,  # copy.replace, from Python 3.13
        "__dataclass_fields__": _DataclassFields(),
    }
    if "__repr__" not in cls.__dict__:
        methods["__repr__"] = _repr
    for name, value in methods.items():
        setattr(cls, name, value)
    return cls
