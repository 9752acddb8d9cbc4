"""The printed development plan: a real PDF whose text (Chinese included) can be extracted."""

import subprocess
from pathlib import Path

import pytest
from needs import tool

from competency.model import load_catalog
from competency.reports import ReportInputs, idp_bytes, load_agent_profiles, load_plan

DATA = Path(__file__).parent / "data" / "reports"


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory) -> tuple[bytes, str]:
    tool("pdftotext"), tool("pdffonts")
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


def test_the_radar_chart_prints_chinese_in_the_simplified_chinese_face_like_the_text(pdf_text):
    """SVG text without a font-family fell back to DejaVu Sans and then the Japanese face of the
    collection: Japanese glyph shapes for hanzi, and two more fonts to subset per PDF."""
    names = [line.split()[0] for line in pdf_text[2].splitlines()[2:] if line.strip()]
    assert names and all("CJK-SC" in name for name in names), pdf_text[2]


def test_the_agents_chinese_name_is_extractable_text(pdf_text):
    assert "个人发展计划：张伟" in pdf_text[1]


def test_every_planned_module_title_is_in_the_pdf(pdf_text):
    for title in ("主动倾听角色扮演", "30秒首个方案：情景案例", "贷款咨询异议处理工作坊"):
        assert title in pdf_text[1]


def test_the_sign_off_block_names_agent_and_manager_with_signature_and_date(pdf_text):
    text = pdf_text[1]
    assert "签字确认" in text
    assert "员工：张伟签名：日期：" in text and "直属主管：王芳签名：日期：" in text


def _no_fonts_config(tmp_path: Path) -> Path:
    """A fontconfig setup with an empty font folder: a machine where no CJK font is installed."""
    (tmp_path / "fonts").mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "fonts"}</dir>'
                      f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>', encoding="utf-8")
    return config


def test_a_chinese_pdf_without_a_chinese_font_stops_with_the_install_command(tmp_path):
    import os
    import sys

    env = {**os.environ, "FONTCONFIG_FILE": str(_no_fonts_config(tmp_path))}
    out = tmp_path / "a001.pdf"
    for command in (["idp", "a001", "--lang", "zh", "--out", str(out)],
                    ["cohort", "--lang", "zh", "--out", str(out)]):
        result = subprocess.run([sys.executable, "-m", "competency", "report", *command, "--format", "pdf",
                                 "--plan", str(DATA / "plan.json"), "--catalog", str(DATA / "catalog"),
                                 "--profiles", str(DATA / "profiles")], capture_output=True, text=True, env=env)
        assert result.returncode == 1, result.stderr
        assert "apt-get install fonts-noto-cjk" in result.stderr and "Traceback" not in result.stderr
        assert not out.exists()


def test_an_english_pdf_with_chinese_names_also_needs_the_font(tmp_path, monkeypatch):
    from competency.reports.fonts import MissingFont, chinese_font_count

    monkeypatch.setenv("FONTCONFIG_FILE", str(_no_fonts_config(tmp_path)))
    assert chinese_font_count() == 0
    inputs = ReportInputs(load_plan(DATA / "plan.json"), load_catalog(DATA / "catalog"),
                          load_agent_profiles(DATA / "profiles"))
    with pytest.raises(MissingFont, match="fonts-noto-cjk"):
        idp_bytes(inputs, "a001", "en", "pdf")  # 张伟 is in the title


def test_this_machine_has_a_chinese_font_for_the_pdf_tests():
    from competency.reports.fonts import chinese_font_count

    assert chinese_font_count() > 0, "install fonts-noto-cjk (README, quick start)"
