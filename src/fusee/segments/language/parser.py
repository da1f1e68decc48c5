"""Text → nodes, with lark (LALR, contextual lexer); every error names the position."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lark import Lark, Token, Transformer, UnexpectedCharacters, UnexpectedInput, UnexpectedToken, v_args
from lark.exceptions import VisitError

from fusee.segments.language import nodes
from fusee.segments.language.errors import SegmentSyntaxError

GRAMMAR = Path(__file__).with_name("grammar.lark")
VALUE_TERMINALS = {"STRING", "NUMBER", "DATE", "DURATION", "NAME"}
# How the terminals are named to a user in "expected …" messages.
TERMINAL_WORDS = {
    "STRING": "a quoted text", "NUMBER": "a number", "DATE": "a date", "DURATION": "a duration",
    "NAME": "a field name", "COMPARATOR": "an operator", "RPAR": '")"', "LPAR": '"("',
    "COMMA": '","', "_AND": '"and"', "_OR": '"or"', "_NOT": '"not"', "_IN": '"in"',
    "_IS": '"is"', "_EMPTY": '"empty"', "_WITH": '"with"', "$END": "the end",
}


@cache
def lark_parser() -> Lark:
    # The basic (not contextual) lexer: "and", "or", "not"… are keywords wherever they appear,
    # so `score >= and` says a value is missing instead of reading "and" as a word.
    return Lark(GRAMMAR.read_text(), parser="lalr", lexer="basic", maybe_placeholders=False)


def parse(text: str) -> nodes.Node:
    if not text.strip():
        raise SegmentSyntaxError("the expression is empty", text=text, position=0)
    try:
        tree = lark_parser().parse(text)
        return ToNodes().transform(tree)
    except UnexpectedInput as error:
        raise syntax_error(text, error) from None
    except VisitError as error:
        raise error.orig_exc from None


def syntax_error(text: str, error: UnexpectedInput) -> SegmentSyntaxError:
    if isinstance(error, UnexpectedCharacters):
        return unexpected_character(text, error.pos_in_stream or 0)
    if isinstance(error, UnexpectedToken):
        return unexpected_token(text, error)
    return SegmentSyntaxError("the expression ends too early", text=text, position=len(text))


def unexpected_character(text: str, position: int) -> SegmentSyntaxError:
    char = text[position]
    if char in "\"'":
        return SegmentSyntaxError("this text is never closed", text=text, position=position,
                                  hint=f"add the closing {char}")
    return SegmentSyntaxError(f'unexpected "{char}"', text=text, position=position)


def unexpected_token(text: str, error: UnexpectedToken) -> SegmentSyntaxError:
    at_end = error.token.type == "$END"
    position = len(text.rstrip()) if at_end else error.pos_in_stream or 0
    previous = previous_token(text, position)
    if error.expected & VALUE_TERMINALS and previous is not None and previous.type == "COMPARATOR":
        return SegmentSyntaxError(f'expected a value after "{previous}"', text=text, position=position)
    if previous is not None and previous.type in ("_AND", "_OR", "_NOT") and "NAME" in error.expected:
        return SegmentSyntaxError(f'expected a condition after "{previous}"', text=text, position=position)
    found = "the expression ends" if at_end else f'unexpected "{error.token}"'
    return SegmentSyntaxError(found, text=text, position=position, hint=expected_words(error.expected))


def previous_token(text: str, position: int) -> Token | None:
    try:
        tokens = list(lark_parser().lex(text[:position]))
    except UnexpectedInput:
        return None
    return tokens[-1] if tokens else None


def expected_words(expected: set[str]) -> str:
    words = sorted({TERMINAL_WORDS.get(name, name.lower()) for name in expected if name in TERMINAL_WORDS})
    if not words or len(words) > 6:
        return ""
    return "expected " + " or ".join(words)


def unquote(token: Token) -> str:
    return re.sub(r"\\(.)", r"\1", str(token)[1:-1])


def value_node(token: Token) -> nodes.Value:
    kind = {"STRING": "string", "NUMBER": "number", "DATE": "date", "DURATION": "duration"}.get(
        token.type, "word"
    )
    raw = unquote(token) if token.type == "STRING" else str(token)
    return nodes.Value(kind, raw, token.start_pos or 0)  # type: ignore[arg-type]


def name_node(token: Token) -> nodes.Name:
    return nodes.Name(str(token).lower(), token.start_pos or 0)


@v_args(inline=True)
class ToNodes(Transformer):
    def start(self, node: nodes.Node) -> nodes.Node:
        return node

    def or_(self, left: nodes.Node, right: nodes.Node) -> nodes.Or:
        return nodes.Or(flatten(nodes.Or, left, right))

    def and_(self, left: nodes.Node, right: nodes.Node) -> nodes.And:
        return nodes.And(flatten(nodes.And, left, right))

    def not_(self, operand: nodes.Node) -> nodes.Not:
        return nodes.Not(operand)

    def compare(self, field: Token, op: Token, value: Token) -> nodes.Compare:
        return nodes.Compare(name_node(field), str(op), value_node(value))

    def in_(self, field: Token, values: list[Token]) -> nodes.InValues:
        return nodes.InValues(name_node(field), tuple(value_node(v) for v in values))

    def not_in(self, field: Token, values: list[Token]) -> nodes.Not:
        return nodes.Not(self.in_(field, values))

    def contains(self, field: Token, value: Token) -> nodes.Contains:
        return nodes.Contains(name_node(field), value_node(value))

    def starts_with(self, field: Token, value: Token) -> nodes.StartsWith:
        return nodes.StartsWith(name_node(field), value_node(value))

    def is_empty(self, field: Token) -> nodes.IsEmpty:
        return nodes.IsEmpty(name_node(field))

    def is_not_empty(self, field: Token) -> nodes.Not:
        return nodes.Not(nodes.IsEmpty(name_node(field)))

    def flag(self, field: Token) -> nodes.Flag:
        return nodes.Flag(name_node(field))

    def call(self, function: Token, *arguments: nodes.Argument) -> nodes.Call:
        return nodes.Call(name_node(function), tuple(arguments), end=function.end_pos or 0)

    def arg(self, *parts: Token) -> nodes.Argument:
        if len(parts) == 1:
            return nodes.Argument(value_node(parts[0]))
        key, op, value = parts
        return nodes.Argument(value_node(value), key=name_node(key), op=str(op))

    @v_args(inline=False)
    def values(self, tokens: list[Token]) -> list[Token]:
        return tokens


def flatten(kind: type[nodes.And] | type[nodes.Or], *operands: nodes.Node) -> tuple[nodes.Node, ...]:
    """a and b and c is one And of three, not a left-leaning tree."""
    flat: list[nodes.Node] = []
    for operand in operands:
        flat.extend(operand.operands if isinstance(operand, kind) else [operand])
    return tuple(flat)
