from __future__ import annotations

import pytest

from fusee.core.errors import DomainError
from fusee.segments.language import SegmentSyntaxError, compile_expression, parse
from fusee.segments.language import nodes as n


def error_of(text: str) -> SegmentSyntaxError:
    with pytest.raises(SegmentSyntaxError) as caught:
        compile_expression(text)
    return caught.value


def test_it_binds_not_tighter_than_and_tighter_than_or():
    tree = parse("a or not b and c")
    assert isinstance(tree, n.Or)
    left, right = tree.operands
    assert left == n.Flag(n.Name("a", 0))
    assert isinstance(right, n.And)
    assert right.operands[0] == n.Not(n.Flag(n.Name("b", 9)))


def test_it_lets_parentheses_override_precedence():
    tree = parse("(a or b) and c")
    assert isinstance(tree, n.And)
    assert isinstance(tree.operands[0], n.Or)


def test_it_flattens_chains_of_the_same_operator():
    tree = parse("a and b and c and d")
    assert isinstance(tree, n.And)
    assert len(tree.operands) == 4


@pytest.mark.parametrize("op", ["=", "!=", "<", "<=", ">", ">="])
def test_it_reads_every_comparison(op):
    tree = parse(f"score {op} 40")
    assert tree == n.Compare(n.Name("score", 0), op, n.Value("number", "40", len(f"score {op} ")))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x in (\"a\", 'b')", n.InValues),
        ("x not in (1, 2)", n.Not),
        ('x contains "a"', n.Contains),
        ('x starts with "a"', n.StartsWith),
        ("x is empty", n.IsEmpty),
        ("x is not empty", n.Not),
        ("AND_x", n.Flag),
        ("did(email_opened, within=30d)", n.Call),
    ],
)
def test_it_reads_every_operator(text, expected):
    assert isinstance(parse(text), expected)


def test_it_reads_keywords_in_any_case():
    assert isinstance(parse("a AND NOT b Or c"), n.Or)


def test_it_reads_values_of_each_kind():
    tree = parse('x in ("say \\"hi\\"", \'it\\\'s\', -1.5, 2026-01-31, 30d, mql)')
    assert isinstance(tree, n.InValues)
    assert [(v.kind, v.raw) for v in tree.values] == [
        ("string", 'say "hi"'),
        ("string", "it's"),
        ("number", "-1.5"),
        ("date", "2026-01-31"),
        ("duration", "30d"),
        ("word", "mql"),
    ]


def test_it_reads_event_arguments():
    call = parse('did(email_clicked, since=2026-01-01, campaign="spring", times>=3)')
    assert isinstance(call, n.Call)
    keys = [(a.key.text if a.key else None, a.op, a.value.raw) for a in call.arguments]
    assert keys == [
        (None, "=", "email_clicked"),
        ("since", "=", "2026-01-01"),
        ("campaign", "=", "spring"),
        ("times", ">=", "3"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "opened(email, within=30d)",
        "opened(email, within=4w)",
        "opened(email, within=2m)",
        "opened(email, within=1y)",
    ],
)
def test_it_accepts_every_duration_unit(text):
    compile_expression(text)


def test_it_suggests_the_field_meant():
    error = error_of("industy = 'retail'")
    assert str(error) == 'unknown field "industy" at column 1 — did you mean "industry"?'
    assert (error.position, error.line, error.column) == (0, 1, 1)
    assert isinstance(error, DomainError)


def test_it_points_at_the_missing_value():
    error = error_of('industry = "retail" and employees >=')
    assert str(error) == 'expected a value after ">=" at column 37'
    error = error_of("score >= and x")
    assert str(error).startswith('expected a value after ">=" at column 10')


def test_it_names_unknown_events():
    assert str(error_of("opend(email)")).startswith('unknown event "opend" at column 1')
    assert 'did you mean "email_opened"' in str(error_of("did(email_opend)"))
    assert 'unknown option "witin"' in str(error_of("opened(email, witin=30d)"))


def test_it_refuses_values_of_the_wrong_type():
    assert str(error_of("employees >= abc")) == '"employees" is a number: "abc" is not at column 14'
    assert '"created_at" is a date' in str(error_of('created_at > "yesterday"'))
    assert "not a valid date" in str(error_of("created_at > 2026-02-31"))
    assert 'unknown industry "retial"' in str(error_of("industry = retial"))
    assert "has no order" in str(error_of('industry > "retail"'))
    assert "not a duration" in str(error_of("opened(email, within=30)"))


def test_it_reports_unclosed_text_and_stray_characters():
    error = error_of('first_name = "Ana')
    assert error.column == 14 and "never closed" in str(error)
    assert str(error_of("score >= 4 & x")).startswith('unexpected "&" at column 12')


def test_it_reports_lines_and_columns_for_multiline_expressions():
    error = error_of('score >= 40\nand industy = "retail"')
    assert (error.line, error.column) == (2, 5)
    assert "at line 2, column 5" in str(error)
    assert error.caret() == 'and industy = "retail"\n    ^'


def test_it_asks_for_a_condition_after_a_dangling_operator():
    assert str(error_of("score > 3 and")) == 'expected a condition after "and" at column 14'
    assert str(error_of("score > 3 or )")).startswith('expected a condition after "or" at column 14')


def test_it_refuses_an_empty_expression():
    assert "empty" in str(error_of("   "))
