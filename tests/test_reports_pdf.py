"""The printed development plan: a real PDF whose text (Chinese included) can be extracted."""

import shutil
import subprocess
from pathlib import Path

import pytest

from competency.model import load_catalog
from competency.reports import ReportInputs, idp_bytes, load_agent_profiles, load_plan

DATA = Path(__file__).parent / "data" / "reports"

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) not installed; see README")


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory) -> tuple[bytes, str]:
    inputs = ReportInputs(load_plan(DATA / "plan.json"), load_catalog(DATA / "catalog"),
                          load_agent_profiles(DATA / "profiles"))
    pdf = idp_bytes(inputs, "a001", "zh", "pdf")
    path = tmp_path_factory.mktemp("pdf") / "a001.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return pdf, "".join(text.split()), fonts


def test_the_pdf_is_a_pdf_with_embedded_chinese_fonts(pdf_text):
    pdf, _, fonts = pdf_text
    assert pdf.startswith(b"%PDF-")
    assert "CJK" in fonts, f"no CJK font embedded; install fonts-noto-cjk\n{fonts}"


def test_the_agents_chinese_name_is_extractable_text(pdf_text):
    assert "个人发展计划：张伟" in pdf_text[1]


def test_every_planned_module_title_is_in_the_pdf(pdf_text):
    for title in ("主动倾听角色扮演", "30秒首个方案：情景案例", "贷款咨询异议处理工作坊"):
        assert title in pdf_text[1]


def test_the_sign_off_block_names_agent_and_manager_with_signature_and_date(pdf_text):
    text = pdf_text[1]
    assert "签字确认" in text
    assert "员工：张伟签名：日期：" in text and "直属主管：王芳签名：日期：" in text
