"""PartiQL's own checks on a SELECT from ``table."index"``, in PartiQL's words.

Query words the same conditions differently (or allows them), so these are not
shared with the item API.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ...aws.context import RequestContext
from ...aws.errors import ValidationException
from ..operations.common import INVALID, table_for
from .compiler import conjuncts
from .nodes import (
    And,
    Arithmetic,
    Between,
    Call,
    Compare,
    Condition,
    In,
    Is,
    Not,
    Operand,
    Or,
    Path,
    Predicate,
    Select,
)


def check_index_read(provider: Any, ctx: RequestContext, statement: Select, consistent: bool) -> None:
    """An index read must be eventually consistent and touch only what the index projects."""
    assert statement.index is not None
    index = table_for(provider.store, ctx, {"TableName": statement.table}).indexes[statement.index]
    if index.is_global and consistent:
        raise ValidationException("Strongly consistent read is not supported on Global Secondary Indexes")
    if index.projected is None:
        return
    terms = conjuncts(statement.where)
    # Only a read keyed on the index's partition key refuses them; a scan of the index just matches nothing.
    keyed = any(_pins(term, index.keys.hash.name) for term in terms)
    filtered = _missing((name for term in terms for name in _condition_attributes(term)), index.projected) if keyed else []
    if filtered:
        raise ValidationException(
            INVALID + f"Secondary index {index.name} does not project one or more filter attributes: [{', '.join(filtered)}]"
        )
    # An LSI fetches what it lacks from the table; a GSI cannot.
    if index.is_global and statement.projection is not None:
        selected = _missing((str(path.parts[0]) for path in statement.projection), index.projected)
        if selected:
            raise ValidationException(INVALID + f"Global secondary index {index.name} does not project [{', '.join(selected)}]")


def _pins(term: Condition, attribute: str) -> bool:
    """Whether a top-level WHERE term is a key condition on ``attribute`` (``=`` or ``IN``)."""
    if isinstance(term, Compare) and term.operator == "=":
        return any(isinstance(side, Path) and side.attribute == attribute for side in (term.left, term.right))
    return isinstance(term, In) and isinstance(term.subject, Path) and term.subject.attribute == attribute


def _missing(names: Iterable[str], projected: frozenset[str]) -> list[str]:
    found: list[str] = []
    for name in names:
        if name not in projected and name not in found:
            found.append(name)
    return found


def _condition_attributes(condition: Condition | None) -> Iterator[str]:
    """The top-level attribute names a WHERE clause reads, in order."""
    if condition is None:
        return
    if isinstance(condition, And | Or):
        for item in condition.items:
            yield from _condition_attributes(item)
    elif isinstance(condition, Not):
        yield from _condition_attributes(condition.inner)
    elif isinstance(condition, Compare):
        yield from _operand_attributes(condition.left)
        yield from _operand_attributes(condition.right)
    elif isinstance(condition, Between):
        for operand in (condition.subject, condition.low, condition.high):
            yield from _operand_attributes(operand)
    elif isinstance(condition, In):
        for operand in (condition.subject, *condition.options):
            yield from _operand_attributes(operand)
    elif isinstance(condition, Is):
        yield from _operand_attributes(condition.subject)
    elif isinstance(condition, Predicate):
        yield from _operand_attributes(condition.call)


def _operand_attributes(operand: Operand) -> Iterator[str]:
    if isinstance(operand, Path):
        yield str(operand.parts[0])
    elif isinstance(operand, Call):
        for argument in operand.args:
            yield from _operand_attributes(argument)
    elif isinstance(operand, Arithmetic):
        yield from _operand_attributes(operand.left)
        yield from _operand_attributes(operand.right)
