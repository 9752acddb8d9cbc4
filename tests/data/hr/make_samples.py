"""Write the sample HR exports used by tests/test_import*.py (run from anywhere; outputs committed).

Each file imitates a real source: a GBK CSV saved by Chinese Excel, a UTF-8-BOM CSV from
an English HR system, an LMS .xlsx export with its own headers (plus a mapping file), a
file with bad rows, and a monthly KPI report (tab-separated).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

HERE = Path(__file__).parent


def write_csv(name: str, rows: list[list[object]], encoding: str, delimiter: str = ",") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    (HERE / name).write_bytes(buffer.getvalue().encode(encoding))


def gbk_chinese() -> None:
    write_csv("assessments_gbk_zh.csv", [
        ["工号", "姓名", "班组", "岗位", "行业", "能力项", "得分", "评估日期", "评估人", "评估类型"],
        ["SZM001", "王建国", "", "", "", "设备故障排查", "82", "2026/10/12", "李敏", "正式"],
        ["SZM001", "王建国", "", "", "", "主动倾听", "91", "2026/10/12", "李敏", "正式"],
        ["SZM002", "陈晓燕", "", "", "", "响应时效", "进阶", "2026/10/12", "李敏", "正式"],
        ["SZM002", "陈晓燕", "", "", "", "设备故障排查", "52", "2026/10/13", "李敏", "正式"],
        ["SZM003", "刘洋", "", "", "", "共情", "78", "2026/10/13", "", "自评"],
        ["SZM003", "刘洋", "", "", "", "工单管理", "专家", "2026/10/14", "周涛", "正式"],
        ["SZM099", "赵子涵", "苏州制造热线一组", "一线客服", "制造业", "设备故障排查", "64", "2026/10/15", "李敏", "正式"],
        ["SZM099", "赵子涵", "苏州制造热线一组", "一线客服", "制造业", "基本话术", "76", "2026/10/15", "李敏", "正式"],
    ], "gbk")


def utf8_bom_english() -> None:
    write_csv("assessments_utf8bom_en.csv", [
        ["Employee ID", "Name", "Competency", "Score", "Scale", "Assessed level", "Date", "Assessor"],
        ["SHF001", "Zhang Wei", "compliance_scripts", "4", "1-5", "", "2026-10-20", "QA team"],
        ["SHF001", "Zhang Wei", "Financial dispute handling", "pass", "pass/fail", "advanced", "2026-10-20", "QA team"],
        ["SHF002", "Emily Chen", "Compliance scripts", "2", "1-5", "", "2026-10-21", "QA team"],
        ["SHF002", "Emily Chen", "Empathy", "advanced", "tiers", "", "2026-10-21", "QA team"],
        ["SHF003", "Li Na", "laws_regulations", "fail", "pass/fail", "basic", "2026-10-22", "QA team"],
        ["SHF003", "Li Na", "Active listening", "5", "1-5", "", "2026-10-22", "QA team"],
    ], "utf-8-sig")


def lms_xlsx() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "成绩"
    sheet.append(["学员账号", "学员", "课程能力", "考试成绩", "完成时间", "讲师"])
    rows = [
        ("HZR001", "孙丽", "全渠道沟通", 8.5, dt.date(2026, 11, 2), "吴老师"),
        ("HZR001", "孙丽", "倾听能力", 6.0, dt.date(2026, 11, 2), "吴老师"),
        ("HZR002", "Kevin Wang", "全渠道沟通", 9.5, dt.date(2026, 11, 3), "吴老师"),
        ("HZR003", "何静", "订单挽回", 4.5, dt.date(2026, 11, 3), "吴老师"),
        (10004, "=HYPERLINK(\"x\")", "倾听能力", 7.0, dt.date(2026, 11, 4), "吴老师"),
    ]
    for row in rows:
        sheet.append(list(row))
        sheet.cell(sheet.max_row, 5).number_format = "yyyy-mm-dd"
    book.save(HERE / "lms_export.xlsx")
    (HERE / "lms_mapping.yaml").write_text(
        "# Mapping for the LMS export: its headers, course names and its 0-10 scale.\n"
        "sheet: 成绩\n"
        "columns:\n"
        "  学员账号: agent\n"
        "  学员: name\n"
        "  课程能力: competency\n"
        "  考试成绩: score\n"
        "  完成时间: date\n"
        "  讲师: assessor\n"
        "competencies:\n"
        "  全渠道沟通: omnichannel_communication\n"
        "  倾听能力: active_listening\n"
        "  订单挽回: churn_prevention\n"
        "scale: ten_point\n"
        "scales:\n"
        "  ten_point: {min: 0, max: 10, basic: 6, advanced: 7.5, expert: 9, pass: 6}\n"
        "source: LMS 2026-11\n",
        encoding="utf-8")


def bad_rows() -> None:
    write_csv("assessments_bad_rows.csv", [
        ["工号", "能力项", "得分", "评估日期"],
        ["SZM004", "主动倾听", "88", "2026-10-30"],
        ["SZM404", "主动倾听", "70", "2026-10-30"],
        ["SZM004", "火箭维修", "70", "2026-10-30"],
        ["SZM004", "清晰表达", "八十", "2026-10-30"],
        ["SZM004", "共情", "75", "2026-13-45"],
        ["SZM004", "响应时效", "120", "2026-10-30"],
        ["", "响应时效", "80", "2026-10-30"],
        ["SZM005", "基本话术", "66", "2026-10-30"],
    ], "utf-8")


def kpi_report() -> None:
    write_csv("kpi_2026-10.tsv", [
        ["工号", "姓名", "统计周期", "平均首次响应时长(秒)", "一次解决率", "满意度", "投诉率"],
        ["SZM001", "王建国", "2026-10", "4", "82%", "4.6", "0.8%"],
        ["SZM002", "陈晓燕", "2026-10", "38", "64%", "3.9", "3.5%"],
        ["SHF001", "张伟", "2026-10", "6", "91%", "4.8", "0.4%"],
        ["HZR001", "孙丽", "2026-10", "12", "73%", "4.2", "1.6%"],
    ], "utf-8", delimiter="\t")


if __name__ == "__main__":
    for make in (gbk_chinese, utf8_bom_english, lms_xlsx, bad_rows, kpi_report):
        make()
