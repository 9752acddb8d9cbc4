"""``competency plan`` as a user runs it, on the shipped catalog and sample profiles."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from competency.cli.main import cli
from competency.io.profiles import load_profiles
from competency.model import load_catalog
from competency.planner.problem.instance import learners_from_profiles
from competency.planner.plan.schema import Plan
from competency.planner.plan.validation import check_plan

ROOT = Path(__file__).resolve().parents[1]
PROFILES = str(ROOT / "profiles")


def run(*args: str):
    return CliRunner().invoke(cli, ["plan", "--profiles", PROFILES, "--start", "2026-11-02", *args])


def checked(path: Path) -> Plan:
    plan = Plan.model_validate_json(path.read_text(encoding="utf-8"))
    catalog = load_catalog()
    assert check_plan(plan, catalog, learners_from_profiles(catalog, load_profiles(PROFILES))) == []
    return plan


def test_the_sample_cohort_plan_is_proven_within_half_a_percent_of_optimal_and_summarised(tmp_path):
    result = run("--out", str(tmp_path / "plan.json"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] in (["status", "OPTIMAL"], ["status", "FEASIBLE"])
    assert lines[1].split() == ["team", "agents", "modules", "sessions", "hours", "seat", "cost", "session", "cost",
                                "total", "cost", "gap", "closed", "opt.", "gap"]
    total = next(line for line in lines if line.startswith("total "))  # the footnote follows the table
    assert total.split()[:2] == ["total", str(len(load_profiles(PROFILES)))]
    plan = checked(tmp_path / "plan.json")
    # Classes at each site are what binds; the site-by-site bound proves the plan this close.
    assert total.endswith(f"{plan.gap:.2%}") and plan.gap <= 0.005 and plan.sessions


def test_a_personal_plan_is_reproducible_byte_for_byte(tmp_path):
    for name in ("a.json", "b.json"):
        assert run("--agent", "SHF001", "--weeks", "6", "--out", str(tmp_path / name)).exit_code == 0
    plans = [json.loads((tmp_path / n).read_text()) for n in ("a.json", "b.json")]
    for plan in plans:
        plan.pop("solve_seconds"), plan.pop("stages")
    assert plans[0] == plans[1]
    assert checked(tmp_path / "a.json").kind == "agent"


def test_too_little_work_to_find_a_plan_says_how_to_fix_it_exits_1_and_writes_no_plan(tmp_path):
    # Retraining within week 1 leaves greedy short of a plan, so nothing but the search could give one.
    tight = ("--work", "0.1", "--mandatory-within", "1")
    result = run(*tight, "--out", str(tmp_path / "plan.json"))
    assert result.exit_code == 1
    assert "no plan found within the search's work: raise --work" in result.output
    assert "--allow-partial" in result.output and not (tmp_path / "plan.json").exists()
    result = run(*tight, "--out", str(tmp_path / "plan.json"), "--allow-partial")
    assert result.exit_code == 1
    assert Plan.model_validate_json((tmp_path / "plan.json").read_text()).status == "UNKNOWN"


def test_replanning_with_fix_keeps_modules_already_started(tmp_path):
    assert run("--agent", "SHF001", "--out", str(tmp_path / "old.json")).exit_code == 0
    old = Plan.model_validate_json((tmp_path / "old.json").read_text())
    started = sorted(m.module_id for m in old.agent("SHF001").modules if m.week <= 2)
    result = CliRunner().invoke(cli, ["plan", "--profiles", PROFILES, "--agent", "SHF001", "--start", "2026-11-16",
                                      "--fix", str(tmp_path / "old.json"), "--out", str(tmp_path / "new.json")])
    assert result.exit_code == 0, result.output
    new = checked(tmp_path / "new.json")
    assert new.agent("SHF001").kept == started
    assert not set(started) & {m.module_id for m in new.agent("SHF001").modules}


def test_a_budget_sweep_prints_the_value_at_each_budget(tmp_path):
    result = run("--agent", "SHF001", "--weeks", "4", "--sweep-budget", "0:2000:1000",
                 "--out", str(tmp_path / "s.json"))
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines()[1:4]]
    assert [r[0] for r in rows] == ["0", "1,000", "2,000"]  # money to the unit with separators
    values = [float(r[1].replace(",", "")) for r in rows]
    assert values == sorted(values) and values[0] < values[-1]
    points = checked(tmp_path / "s.json").sweep
    assert [p.budget for p in points] == [0, 1000, 2000]
    assert result.stdout.splitlines()[0].split()[:5] == ["budget", "CNY", "value", "bound", "gap"]
    assert all(float(r[2].replace(",", "")) == round(p.bound, 1) and p.bound >= p.value and p.ended
               for r, p in zip(rows, points))


def test_an_unknown_team_is_a_usage_error_that_lists_the_teams():
    result = run("--team", "nobody")
    assert result.exit_code == 2
    assert "no team 'nobody'; teams:" in result.output and "上海信用卡服务组" in result.output


def test_a_team_cap_must_be_a_count_or_a_share():
    result = run("--team-cap", "half")
    assert result.exit_code == 2 and "use a count like 3 or a share like 25%" in result.output


def test_team_and_agent_together_are_refused():
    result = run("--team", "x", "--agent", "y")
    assert result.exit_code == 2 and "not both" in result.output


def test_replanning_with_fix_and_too_little_work_to_find_a_plan_keeps_the_earlier_plan_whole(tmp_path):
    team = ("--team", "杭州全渠道零售组")
    assert run(*team, "--out", str(tmp_path / "old.json")).exit_code == 0
    # --work 0.1 finds no plan of a team on its own (see the test above for the cohort).
    result = run(*team, "--work", "0.1", "--fix", str(tmp_path / "old.json"), "--out", str(tmp_path / "new.json"))
    assert result.exit_code == 0, result.output
    old, new = Plan.model_validate_json((tmp_path / "old.json").read_text()), checked(tmp_path / "new.json")
    assert (new.objective, -new.total_cost) >= (old.objective, -old.total_cost)
    assert new.sessions == old.sessions and "given plan kept" in new.solver


def test_a_horizon_past_12_weeks_gets_a_proportionally_longer_default_limit_and_says_so(tmp_path):
    result = run("--agent", "SHF001", "--weeks", "18", "--out", str(tmp_path / "p.json"))
    assert result.exit_code == 0, result.output
    assert "horizon of 18 weeks: --time-limit 180 (work 18) by default" in result.output
    # Given a limit or work, the user's figure stands and nothing is said.
    for given in (("--time-limit", "30"), ("--work", "2")):
        result = run("--agent", "SHF001", "--weeks", "18", *given, "--out", str(tmp_path / "q.json"))
        assert result.exit_code == 0 and "weeks: --time-limit" not in result.output
    assert "weeks: --time-limit" not in run("--agent", "SHF001", "--weeks", "12").output
