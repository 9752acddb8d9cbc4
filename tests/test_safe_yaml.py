"""``io.safe_yaml.load`` gives exactly what PyYAML's safe loader gives, errors included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from competency.io import safe_yaml
from strict import same

ROOT = Path(__file__).resolve().parents[1]
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def reference(text: str):
    try:
        return "ok", yaml.load(text, Loader=Loader)
    except Exception as exc:  # noqa: BLE001 - the outcome to compare, whatever it is
        return type(exc), str(exc)


def ours(text: str):
    try:
        return "ok", safe_yaml.load(text)
    except Exception as exc:  # noqa: BLE001
        return type(exc), str(exc)


def assert_same_as_pyyaml(text: str) -> None:
    expected, got = reference(text), ours(text)
    assert got[0] == expected[0], text
    assert same(got[1], expected[1]), text


def test_every_yaml_file_in_the_repository_loads_the_same():
    files = [p for p in ROOT.rglob("*.y*ml") if ".git" not in p.parts and "build" not in p.parts]
    assert len(files) >= 70  # the shipped catalog, the sample profiles, test data
    for file in files:
        assert_same_as_pyyaml(file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("scalar", [
    "", "~", "null", "Null", "NULL", "true", "False", "yes", "No", "on", "OFF", "y", "n",
    "0", "-17", "+5", "0x1F", "0o17", "017", "0b101", "1_000", "1:30", "190:20:30", "08", "09",
    "1.5", "-.5", "1e3", "1.0e+3", "6.8523015e+5", "1_000.5", ".inf", "-.Inf", "+.INF", ".nan", ".NaN",
    "2026-02-25", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "2001-12-15T02:59:43.1Z",
    "2026-02-30", "12:30", "'quoted'", '"double \\t escaped"', "plain text", "进阶", "L2", "=", "<<",
    "!", "&", "*", "- item", "[1, 2, {a: b}]", "{a: 1, b: [x, y]}", "|\n  block\n  text\n", ">\n  folded\n",
])
def test_scalars_resolve_like_the_safe_loader(scalar):
    assert_same_as_pyyaml(f"value: {scalar}\n")
    assert_same_as_pyyaml(f"- {scalar}\n")


@pytest.mark.parametrize("text", [
    "",
    "# only a comment\n",
    "---\n",
    "--- 5\n",
    "a: 1\n---\nb: 2\n",
    "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n",
    "a: &x [1, 2]\nb: *x\n",
    "tagged: !!str 123\nbinary: !!binary aGVsbG8=\nset: !!set {a, b}\n",
    "omap: !!omap [a: 1, b: 2]\npairs: !!pairs [a: 1, a: 2]\n",
    "local: !thing 1\n",
    "? [1, 2]\n: complex key\n",
    "? {a: 1}\n: mapping key\n",
    "1: int key\n2026-01-01: date key\nnull: null key\ntrue: bool key\n1.5: float key\n",
    "a: [unclosed\n",
    "a: b: c\n",
    "a:\n\t- tab\n",
    "key: 'unterminated\n",
    "- a\nb: c\n",
    "=: value key\n",
    "v: =\n",
    "\ufeffbom: 1\n",
    "nested:\n  - a: 1\n    b: [1, 2, {c: d}]\n  - []\n  - {}\n",
])
def test_documents_and_errors_match_the_safe_loader(text):
    assert_same_as_pyyaml(text)


@pytest.mark.parametrize("text, line", [
    ("dup: 1\ndup: 2\n", 2),
    ("a:\n  b: 1\n  c: 2\n  b: 3\n", 4),
    ("- {x: 1, y: 2, x: 3}\n", 1),
    ("base: &b {x: 1}\nd:\n  <<: *b\n  k: 1\n  k: 2\n", 5),
    ("'1': quoted\n1: int\n1: again\n", 3),
])
def test_a_key_given_twice_is_an_error_naming_its_line(text, line):
    with pytest.raises(yaml.MarkedYAMLError, match="duplicate key") as caught:
        safe_yaml.load(text)
    assert caught.value.problem_mark.line + 1 == line


@pytest.mark.parametrize("text", ["1: int\ntrue: bool\n", "'1': text\n1: int\n", "base: &b {x: 1}\nd: {<<: *b, x: 2}\n"])
def test_keys_that_differ_in_yaml_are_not_duplicates(text):
    assert_same_as_pyyaml(text)


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(),
    st.dates(), st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc])),
)
_data = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.text(), st.integers(), st.booleans()), inner, max_size=4),
), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_data, st.booleans())
def test_any_dumped_data_loads_the_same(data, flow):
    assert_same_as_pyyaml(yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab01.:-+_ \t#'\"[]{},&*!|>?%@`~=<\n", max_size=30))
def test_any_text_gives_the_same_result_or_error(text):
    assert_same_as_pyyaml(text)
