"""CASE frameworks in other languages: the source language is kept, no text is invented, rubric
level descriptions survive, ids never come from a title in another script, and an export says
what it leaves out."""

from __future__ import annotations

import json
from pathlib import Path

from competency.interop import export_catalog, import_framework
from competency.interop.catalog_yaml import catalog_files
from competency.model import Tier, load_catalog

DATA = Path(__file__).parent / "data" / "interop"
JAPANESE = DATA / "case_japanese.json"
OPENSALT = DATA / "case" / "opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json"


def _all_texts(catalog) -> list:
    out = [catalog.info.name] + [d.name for d in catalog.domains.values()]
    for comp in catalog.competencies.values():
        out += [comp.name] + ([comp.description] if comp.description else [])
        out += [i for spec in comp.tiers.values() for i in spec.indicators]
    return out


def test_a_japanese_framework_is_stored_as_japanese_not_as_chinese():
    catalog = import_framework(JAPANESE, "case").catalog
    texts = _all_texts(catalog)
    assert all(t.zh is None and t.en is None and set(t.other) == {"ja"} for t in texts)
    assert catalog.competencies["d1a00000-0000-4000-8000-000000000002"].name.other["ja"] == "傾聴"


def test_a_japanese_title_does_not_become_the_catalog_id_item():
    catalog = import_framework(JAPANESE, "case").catalog
    assert catalog.info.id == "case-d1a00000-0000-4000-8000-000000000000"
    assert all(cid != "item" and not cid.startswith("item") for cid in catalog.competencies)


def test_rubric_level_descriptions_are_kept_as_indicators():
    comp = import_framework(JAPANESE, "case").catalog.competencies["d1a00000-0000-4000-8000-000000000002"]
    shown = {t: [i.get("ja") for i in comp.tiers[t].indicators] for t in comp.tiers}
    assert shown[Tier.BASIC] == ["傾聴", "基本", "指導を受けて要点を確認できる"]
    assert shown[Tier.EXPERT][-1] == "他の人に傾聴を教えられる"


def test_no_text_is_invented_in_chinese_for_an_english_framework():
    catalog = import_framework(OPENSALT, "case").catalog
    texts = _all_texts(catalog)
    assert all(t.zh is None for t in texts), "a Chinese text was made up for an English framework"
    assert not any("在指导下" in (t.get("zh") or "") for t in texts)


def test_a_japanese_catalog_written_to_yaml_reads_back_the_same(tmp_path):
    catalog = import_framework(JAPANESE, "case").catalog
    for name, text in catalog_files(catalog, "case_japanese.json").items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert "ja: 傾聴" in (tmp_path / "competencies").joinpath(
        next(p.name for p in (tmp_path / "competencies").iterdir())).read_text(encoding="utf-8")
    again = load_catalog(tmp_path)
    assert again.competencies == catalog.competencies and again.info.name == catalog.info.name


def test_the_japanese_framework_exports_back_to_the_same_items_and_rubric():
    text, _ = export_catalog(import_framework(JAPANESE, "case").catalog, "case")
    exported, original = json.loads(text), json.loads(JAPANESE.read_text(encoding="utf-8"))
    assert exported["CFItems"] == original["CFItems"] and exported["CFDocument"] == original["CFDocument"]
    assert exported["CFRubrics"] == original["CFRubrics"]


def test_a_case_export_says_it_drops_tags_kpis_the_other_language_and_modules():
    _, notes = export_catalog(load_catalog(), "case")
    joined = "\n".join(notes)
    assert "tags of 40 competencies" in joined and "KPI threshold" in joined
    assert "Chinese texts" in joined and "modules" in joined
