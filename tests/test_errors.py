"""The error types: what they are, what they say, how they survive pickling."""

from __future__ import annotations

import pickle

import pytest

from coalitions import CoalitionsError, Problem, UnknownEntityError, ValidationError
from coalitions.errors import close_matches


def test_validation_error_lists_every_problem() -> None:
    err = ValidationError([Problem("a.b", "first"), Problem("$.c[0]", "second")])
    assert str(err) == "2 problems:\n  a.b: first\n  $.c[0]: second"
    assert err.problems == (Problem("a.b", "first"), Problem("$.c[0]", "second"))
    assert isinstance(err, ValueError)
    assert isinstance(err, CoalitionsError)


def test_single_problem_is_one_line() -> None:
    assert str(ValidationError([Problem("code", "bad")])) == "code: bad"
    assert str(ValidationError([Problem("", "bad document")])) == "bad document"


def test_validation_error_needs_a_problem() -> None:
    with pytest.raises(ValueError, match="at least one problem"):
        ValidationError([])


def test_errors_pickle() -> None:
    err = ValidationError([Problem("a", "b")])
    again = pickle.loads(pickle.dumps(err))
    assert again.problems == err.problems
    assert str(again) == str(err)
    unknown = UnknownEntityError("state", "USX", ["USA", "GBR"])
    again2 = pickle.loads(pickle.dumps(unknown))
    assert str(again2) == str(unknown)


def test_unknown_entity_error_is_a_key_error_with_suggestions() -> None:
    err = UnknownEntityError("grouping", "nato", ["NATO", "SCO", "CSTO"])
    assert isinstance(err, KeyError)
    assert isinstance(err, CoalitionsError)
    assert err.suggestions == ("NATO",)
    assert str(err) == "unknown grouping 'nato'; did you mean 'NATO'?"
    assert str(UnknownEntityError("state", "QQQ", ["USA"])) == "unknown state 'QQQ'"
    with pytest.raises(KeyError):
        raise err


def test_close_matches_ignores_case_and_ranks() -> None:
    assert close_matches("aukis", ["AUKUS", "Quad"]) == ["AUKUS"]
    assert close_matches("zzzz", ["AUKUS"]) == []


def test_problem_under_prefixes_paths() -> None:
    assert Problem("until", "x").under("members[2]") == Problem("members[2].until", "x")
    assert Problem("[1]", "x").under("$.states") == Problem("$.states[1]", "x")
    assert Problem("", "x").under("$") == Problem("$", "x")
    assert Problem("a", "x").under("") == Problem("a", "x")
