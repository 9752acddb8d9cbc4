"""Class 1 of issue 14: plan files are untrusted input.

A crafted plan is refused with the field named (ranges, ids, versions, duplicate agents,
another catalog), and whatever text a valid plan carries cannot leave its place in the
report: no CSS break-out, no fetched file or URL in the PDF, no live markup in the HTML.
"""

import copy
import json
import socket

import pytest
import tinycss2
from hypothesis import given, settings, strategies as st

from competency.reports import pdf
from competency.reports.render import css_string
from hostile import REPORT_ARGS, REPORTS, assert_clean, assert_inert, invoke

BASE = json.loads((REPORTS / "plan.json").read_text(encoding="utf-8"))
CSS_BREAKOUTS = [
    'a001\n} @page { @bottom-left { content: url(file:///etc/passwd) } }',
    'a001"; } body { background: url(http://10.255.255.1/x.png) } .x { content: "',
    "a001\\\"; background:url(//evil.example)", "</style><script>alert(1)</script>",
    "a001\r\n@import url(http://evil.example/x.css);", "\u2028}\u2029", "a001\x00\x0c'", "张伟 · 2026–03",
]


def test_plan_file_with_newline_in_agent_id_cannot_break_out_of_css(tmp_path):
    plan = copy.deepcopy(BASE)
    plan["agents"][0]["agent_id"] = CSS_BREAKOUTS[0]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    text = assert_clean(invoke(["report", "idp", "--all", "--plan", path, *REPORT_ARGS, "--out", tmp_path / "idp"]), 1)
    assert "agents.0.agent_id" in text and "plan-format.md" in text
    assert not (tmp_path / "idp").exists()


@pytest.mark.parametrize("text", CSS_BREAKOUTS)
def test_footer_text_stays_one_css_string_whatever_it_holds(text):
    tokens = [t for t in tinycss2.parse_component_value_list(f'"{css_string(text)}"') if t.type != "whitespace"]
    assert [t.type for t in tokens] == ["string"]
    assert tokens[0].value == text.replace("\x00", "\ufffd")
    assert "url(" not in css_string(text) and "</" not in css_string(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_in_the_footer_reads_back_as_exactly_that_text(text):
    tokens = tinycss2.parse_component_value_list(f'"{css_string(text)}"')
    assert len(tokens) == 1 and tokens[0].type == "string"
    # CSS turns NUL into U+FFFD and reads surrogates as U+FFFD too; every other character survives.
    expected = "".join("\ufffd" if ch == "\x00" or 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
    assert tokens[0].value == expected


def _mutate(path: str, value):
    plan = copy.deepcopy(BASE)
    *parents, last = path.split(".")
    node = plan
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if value is _DROP:
        del node[last if not last.isdigit() else int(last)]
    else:
        node[int(last) if last.isdigit() else last] = value
    return plan


_DROP = object()
BAD_FIELDS = [
    ("weeks", 0), ("weeks", 53), ("weeks", -1), ("weeks", 10 ** 12), ("weeks", "twelve"), ("weeks", 1.5),
    ("start_date", "9999-12-31"), ("start_date", "0001-01-01"), ("start_date", "2026-02-30"),
    ("format_version", "2.0"), ("format_version", "1.2\n"), ("format_version", ""), ("format_version", 1.2),
    ("objective", -1), ("bound", 1e300), ("gap", 7), ("budget", -100), ("budget", 1e20), ("total_cost", -0.01),
    ("catalog", "../../etc"), ("catalog", "x" * 81), ("status", "HACKED"), ("kind", "team"), ("extra", 1),
    ("agents.0.agent_id", ""), ("agents.0.agent_id", "../a001"), ("agents.0.agent_id", "a" * 81),
    ("agents.0.agent_id", "a001\n"), ("agents.0.agent_id", "a001 "), ("agents.0.agent_id", "<b>a</b>"),
    ("agents.0.agent_id", 1), ("agents.0.name", "n" * 201), ("agents.0.hours_per_week", 169),
    ("agents.0.hours_per_week", -1), ("agents.0.budget", -1), ("agents.0.role", "role\nx"),
    ("agents.0.modules.0.week", 0), ("agents.0.modules.0.week", 7), ("agents.0.modules.0.week", 99),
    ("agents.0.modules.0.hours", -2), ("agents.0.modules.0.hours", 1e9), ("agents.0.modules.0.cost", -1),
    ("agents.0.modules.0.cost", 1e16), ("agents.0.modules.0.module_id", "m\n}"),
    ("agents.0.modules.0.raises", {"x\ny": 1}), ("agents.0.gaps.0.current", 9), ("agents.0.gaps.0.target", -1),
    ("agents.0.gaps.0.weight", -3), ("agents.0.gaps.0.competency", "'; DROP"), ("sessions", [{"module_id": "m",
     "week": 60, "participants": ["a001"], "cost": 1}]), ("sessions", [{"module_id": "m", "week": 1,
     "participants": ["a 1"], "cost": 1}]), ("agents.0.modules", "none"), ("agents", {"a001": {}}),
    ("agents.1.agent_id", "a001"), ("agents.2.agent_id", "a001"), ("weeks", _DROP), ("status", _DROP),
]


@pytest.mark.parametrize("field, value", BAD_FIELDS, ids=[f"{f}={str(v)[:20]!r}" for f, v in BAD_FIELDS])
@pytest.mark.parametrize("command", ["cohort", "ics"])
def test_a_plan_field_out_of_range_is_refused_naming_the_field(tmp_path, field, value, command):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_mutate(field, value), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    args = (["report", "cohort", "--format", "md", *REPORT_ARGS] if command == "cohort"
            else ["export", "ics", "--catalog", str(REPORTS / "catalog")])
    text = assert_clean(invoke([*args, "--plan", path, "--out", out]), 1)
    assert str(path) in text
    top = field.split(".")[0]
    assert top in text or "appears twice" in text, text
    assert not out.exists()


@pytest.mark.parametrize("content", [
    b"", b"[]", b"null", b"{", b"\xff\xfe\x00", b"[" * 100_000 + b"]" * 100_000, b'{"a": ' * 5000 + b"1" + b"}" * 5000,
    json.dumps({**BASE, "agents": [BASE["agents"][0]] * 2}).encode(),
])
def test_a_plan_file_that_is_not_a_plan_is_a_message(tmp_path, content):
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    assert_clean(invoke(["report", "cohort", "--format", "md", *REPORT_ARGS, "--plan", path]), 1)


def test_a_duplicate_agent_id_is_refused_naming_both_entries(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_mutate("agents.1.agent_id", "a001")), encoding="utf-8")
    text = assert_clean(invoke(["report", "idp", "--all", "--plan", path, *REPORT_ARGS, "--out", tmp_path / "idp"]), 1)
    assert "'a001' appears twice (agents[0] and agents[1])" in text


@pytest.mark.parametrize("change", ["catalog", "module"])
def test_a_plan_from_another_catalog_is_refused_unless_forced(tmp_path, change):
    plan = _mutate("catalog", "another_catalog") if change == "catalog" else \
        _mutate("agents.0.modules.0.module_id", "m_not_in_this_catalog")
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    out = tmp_path / "cohort.md"
    text = assert_clean(invoke(["report", "cohort", "--format", "md", *REPORT_ARGS, "--plan", path, "--out", out]), 1)
    assert "--force" in text and not out.exists()
    text = assert_clean(invoke(["report", "cohort", "--format", "md", *REPORT_ARGS, "--plan", path, "--out", out,
                                "--force"]), 0)
    assert "warning:" in text and out.exists()


HOSTILE_TEXT = [
    '</style><link rel="stylesheet" href="file:///etc/passwd">', "<img src=http://10.255.255.1/a.png>",
    '"><script>fetch("//evil.example")</script>', "url(file:///etc/shadow)", "<iframe src='file:///'>",
    "@import 'http://evil.example/x.css';", "<svg onload=alert(1)>", "javascript:alert(1)",
]


@pytest.fixture(scope="module")
def hostile_plan(tmp_path_factory):
    plan = copy.deepcopy(BASE)
    for i, agent in enumerate(plan["agents"]):
        agent.update(name=HOSTILE_TEXT[i % 8], team=HOSTILE_TEXT[(i + 3) % 8])
        for gap in agent["gaps"]:
            gap["reason"] = HOSTILE_TEXT[(i + 5) % 8]
    path = tmp_path_factory.mktemp("hostile_plan") / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["idp", "cohort"])
def test_hostile_names_in_a_plan_stay_text_in_html(hostile_plan, tmp_path, kind):
    out = tmp_path / "r.html"
    target = ["idp", "a001"] if kind == "idp" else ["cohort"]
    assert_clean(invoke(["report", *target, "--plan", hostile_plan, *REPORT_ARGS, "--format", "html",
                         "--out", out]), 0)
    assert_inert(out.read_bytes(), kind)


def test_the_pdf_renderer_fetches_nothing_outside_the_package(hostile_plan, tmp_path, monkeypatch):
    asked = []
    real = pdf.allowed
    monkeypatch.setattr(pdf, "allowed", lambda url: asked.append(url) or real(url))

    def no_network(*args, **kwargs):
        raise AssertionError(f"network use: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    out = tmp_path / "a001.pdf"
    assert_clean(invoke(["report", "idp", "a001", "--plan", hostile_plan, *REPORT_ARGS, "--format", "pdf",
                         "--out", out]), 0)
    assert out.read_bytes().startswith(b"%PDF")
    assert not [url for url in asked if real(url) and not url.startswith("data:")
                and str(pdf.ASSETS) not in url], asked


@pytest.mark.parametrize("url, ok", [
    ("file:///etc/passwd", False), ("http://10.255.255.1/x.png", False), ("https://evil.example/", False),
    ("ftp://x/y", False), ("file://evil.example/share/x", False), ("data:image/png;base64,AAAA", True),
    (f"file://{pdf.ASSETS}/report.css", True), (f"file://{pdf.ASSETS}/../../../etc/passwd", False),
    (f"file://{pdf.ASSETS}/%2e%2e/%2e%2e/x", False), ("javascript:alert(1)", False), ("//evil.example/x", False),
])
def test_the_url_fetcher_serves_only_the_packages_assets(url, ok):
    assert pdf.allowed(url) is ok


def test_a_refused_url_in_raw_html_costs_no_wait(monkeypatch):
    import time

    monkeypatch.setattr(socket.socket, "connect", lambda *a: (_ for _ in ()).throw(AssertionError("network")))
    start = time.monotonic()
    data = pdf.html_to_pdf('<style>@import url("http://10.255.255.1/x.css"); body{background:url(file:///etc/passwd)}'
                           '</style><img src="http://10.255.255.1/a.png"><p>x</p>')
    assert data.startswith(b"%PDF") and time.monotonic() - start < 20


# What JSON Schema cannot say, and only the reader (pydantic) checks: rules across fields,
# date ranges ("format" is an annotation), the ids used as mapping keys, and the trailing
# newline that Python's regex "$" (unlike JSON Schema's ECMA "$") lets through.
READER_ONLY = {"start_date", "agents.0.modules.0.week=7", "agents.1.agent_id", "agents.2.agent_id",
               "agents.0.modules.0.raises", "format_version=1.2\n", "agents.0.agent_id=a001\n"}


SCHEMA_CASES = [(f, v) for f, v in BAD_FIELDS if f not in READER_ONLY and f"{f}={v}" not in READER_ONLY]


@pytest.mark.parametrize("field, value", SCHEMA_CASES, ids=[f"{f}={str(v)[:20]!r}" for f, v in SCHEMA_CASES])
def test_the_committed_plan_schema_carries_the_same_ranges(field, value):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((pdf.ASSETS.parents[1] / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(_mutate(field, value)))
