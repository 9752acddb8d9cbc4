"""Printed development plans use their paper: sections follow one another without forced
page breaks, tier words stay whole, and the ranked table prints the severity it sorts by."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from competency.model import load_catalog
from competency.reports import ReportInputs, idp_bytes, load_agent_profiles, load_plan

DATA = Path(__file__).parent / "data" / "reports"
SHORT = 200  # characters: a page with less is mostly empty paper

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) not installed; see README")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("idp")
    found = {}
    for plan in ("plan.json", "plan_v12.json"):
        inputs = ReportInputs(load_plan(DATA / plan), load_catalog(DATA / "catalog"),
                              load_agent_profiles(DATA / "profiles"))
        for agent in inputs.plan.agents:
            path = folder / f"{plan}-{agent.agent_id}.pdf"
            path.write_bytes(idp_bytes(inputs, agent.agent_id, "zh", "pdf"))
            found[plan, agent.agent_id] = path
    return found


def page_texts(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return ["".join(page.split()) for page in text.split("\f")[:-1]]


def test_no_page_of_a_chinese_idp_is_nearly_empty_and_each_fits_on_two_pages(pdfs):
    for key, path in pdfs.items():
        sizes = [len(page) for page in page_texts(path)]
        assert len(sizes) <= 2, (key, sizes)
        assert min(sizes) >= SHORT, (key, sizes)


def test_short_sections_share_a_page_with_what_comes_before(pdfs):
    # Retraining, the remaining gaps and the sign-off used to start pages of their own.
    last = page_texts(pdfs["plan_v12.json", "a001"])[-1]
    assert "逐周学习安排" in "".join(page_texts(pdfs["plan_v12.json", "a001"]))
    for heading in ("强制复训", "计划后仍存在的差距", "签字确认"):
        assert heading in last


def words(path: Path) -> list[tuple[int, float, float, str]]:
    """(page, right edge, top, text) of every word pdftotext finds."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    found = []
    for number, page in enumerate(boxes.split("<page ")[1:], start=1):
        for top, right, text in re.findall(r'<word xMin="[^"]*" yMin="([^"]*)" xMax="([^"]*)"[^>]*>([^<]*)</word>',
                                           page):
            found.append((number, float(right), float(top), text))
    return found


def test_tier_words_are_never_split_over_two_lines(pdfs):
    for key, path in pdfs.items():
        halves = [w for w in words(path) if w[3] in {"基", "础", "进", "阶", "专", "家"}]
        assert not halves, (key, halves)


def test_the_ranked_table_prints_the_severity_it_is_sorted_by(pdfs):
    from competency.reports.idp import build_idp

    inputs = ReportInputs(load_plan(DATA / "plan_v12.json"), load_catalog(DATA / "catalog"),
                          load_agent_profiles(DATA / "profiles"))
    expected = [round(g["severity"], 2) for g in build_idp(inputs, "a001", "zh")["gaps"]]
    found = words(pdfs["plan_v12.json", "a001"])
    page, right, top, _ = next(w for w in found if w[3] == "严重度")
    # Numbers are right-aligned: the column is the words ending where its header ends.
    column = sorted((y, t) for n, x, y, t in found if n == page and y > top and abs(x - right) < 1)
    shown = [float(t) for _, t in column[:len(expected)]]
    assert shown == expected and shown == sorted(shown, reverse=True) and len(shown) >= 3
