"""1EdTech CASE packages: import mapping, round trip on our fixture and OpenSALT samples, rejections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from competency.interop import export_catalog, import_framework
from competency.model import InputError, Tier

DATA = Path(__file__).parent / "data" / "interop"
FIXTURE = DATA / "case_framework.json"
OPENSALT = sorted((DATA / "case").glob("*.json"))


@pytest.fixture(scope="module")
def imported():
    return import_framework(FIXTURE, "case")


def package(path_or_text) -> dict:
    data = json.loads(path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text)
    return data.get("CFPackage", data)


def by_id(records: list[dict]) -> dict[str, dict]:
    return {r["identifier"]: r for r in records}


def test_ischildof_builds_domains_competencies_and_parent_links(imported):
    catalog = imported.catalog
    assert sorted(catalog.domains) == ["CC.COMM", "CC.PROC", "Contact_centre_standards_framework"]
    listen, para = catalog.competencies["CC.COMM.1"], catalog.competencies["CC.COMM.1.a"]
    assert listen.domain == para.domain == "CC.COMM" and para.parent == "CC.COMM.1" and listen.parent is None
    assert catalog.competencies["CC.ETIQ"].domain == "Contact_centre_standards_framework"


def test_a_precedes_b_makes_a_a_prerequisite_of_b_with_tiers_from_the_extension(imported):
    comps = imported.catalog.competencies
    assert [(p.tier, p.needs, p.needs_tier) for p in comps["CC.COMM.2"].prerequisites] == [
        (Tier.BASIC, "CC.COMM.1", Tier.BASIC)]
    assert [(p.tier, p.needs) for p in comps["CC.PROC.2"].prerequisites] == [(Tier.ADVANCED, "CC.PROC.1")]


def test_exactmatchof_and_unknown_association_types_are_kept_as_references_and_reported(imported):
    refs = {r.relation: r for r in imported.catalog.competencies["CC.COMM.2"].references}
    assert refs["isRelatedTo"].competency == "CC.PROC.2"
    assert refs["x-coachedBy"].identifier == "e0000000-0000-4000-8000-000000000002"
    exact = imported.catalog.competencies["CC.COMM.1"].references[0]
    assert exact.relation == "exactMatchOf" and exact.title == "ISO 18295-1 4.3"
    assert any("not CASE 1.0" in n and "x-coachedBy" in n for n in imported.notes)


def test_short_statement_names_the_competency_and_the_full_statement_describes_it(imported):
    comp = imported.catalog.competencies["CC.COMM.1"]
    assert comp.name.en == "Active listening" and comp.description.en.startswith("Listens actively")
    assert comp.tiers[Tier.BASIC].indicators[0].en == "With guidance: Active listening"


@pytest.mark.parametrize("path", [FIXTURE, DATA / "case_wrapped.json", *OPENSALT], ids=lambda p: p.name)
def test_import_then_export_gives_back_every_item_association_and_identifier(path):
    exported = package(export_catalog(import_framework(path, "case").catalog, "case")[0])
    original = package(path)
    assert by_id(exported["CFItems"]) == by_id(original["CFItems"])
    assert by_id(exported["CFAssociations"]) == by_id(original["CFAssociations"])
    assert exported["CFDocument"] == original["CFDocument"]
    assert exported.get("CFDefinitions") == original.get("CFDefinitions")
    assert exported.get("CFRubrics") == original.get("CFRubrics")  # derived tiers add no rubric


def test_the_opensalt_sample_keeps_its_counts_through_the_round_trip():
    path = DATA / "case" / "opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json"
    result = import_framework(path, "case")
    assert (len(result.catalog.domains), len(result.catalog.competencies)) == (2, 14)
    assert sum(len(c.prerequisites) for c in result.catalog.competencies.values()) == 2
    exported = package(export_catalog(result.catalog, "case")[0])
    assert (len(exported["CFItems"]), len(exported["CFAssociations"])) == (16, 39)


def test_a_removed_prerequisite_disappears_from_the_export(imported):
    comp = imported.catalog.competencies["CC.COMM.2"]
    catalog = imported.catalog.model_copy(update={"competencies": {
        **imported.catalog.competencies, comp.id: comp.model_copy(update={"prerequisites": []})}})
    kinds = [a["associationType"] for a in package(export_catalog(catalog, "case")[0])["CFAssociations"]]
    assert kinds.count("precedes") == 2


@pytest.mark.parametrize("name, where, reason", [
    ("bad_case_not_case.json", "CFDocument", "expected a CASE package"),
    ("bad_case_not_json.json", "line 3, column 1", "not JSON"),
    ("bad_case_unknown_parent.json", "CFAssociations[2] a0000000-0000-4000-8000-000000000003",
     "isChildOf parent 'c0000000-0000-4000-8000-000000000077' does not exist"),
    ("bad_case_precedes_cycle.json", "CFAssociations a0000000-0000-4000-8000-000000000011, "
     "a0000000-0000-4000-8000-000000000010, a0000000-0000-4000-8000-000000000099",
     "precedes cycle: CC.COMM.1 -> CC.PROC.1 -> CC.PROC.2 -> CC.COMM.1"),
])
def test_bad_files_are_rejected_with_file_item_and_reason(name, where, reason):
    with pytest.raises(InputError) as caught:
        import_framework(DATA / name, "case")
    problem = caught.value.problems[0]
    assert problem.file.endswith(name) and problem.where == where and reason in problem.message


def test_a_foreign_rubric_gives_the_tiers_by_score_with_the_lowest_level_meaning_not_yet(tmp_path):
    data = package(FIXTURE)
    levels = [{"quality": q, "score": n} for n, q in enumerate(["Not yet", "Developing", "Secure", "Leading"])]
    data["CFRubrics"] = [{"identifier": "r1", "CFRubricCriteria": [{
        "identifier": "k1", "CFItemURI": {"identifier": data["CFItems"][3]["identifier"]},
        "CFRubricCriterionLevels": levels[::-1]}]}]
    (tmp_path / "r.json").write_text(json.dumps(data), encoding="utf-8")
    result = import_framework(tmp_path / "r.json", "case")
    tiers = result.catalog.competencies["CC.COMM.2"].tiers
    assert [tiers[t].indicators[-1].en for t in (Tier.BASIC, Tier.ADVANCED, Tier.EXPERT)] == [
        "Rated “Developing” on the rubric", "Rated “Secure” on the rubric", "Rated “Leading” on the rubric"]
    assert package(export_catalog(result.catalog, "case")[0])["CFRubrics"] == data["CFRubrics"]
