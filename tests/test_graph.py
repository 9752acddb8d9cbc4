import random

from hypothesis import given, settings
from hypothesis import strategies as st

from catalog_factory import competency, module, small_catalog, write_catalog
from competency.model import Tier, load_catalog
from competency.model.catalog import Catalog
from competency.model.graph import (
    build_graph, entry_levels, learning_order, modules_for, needed_to_reach, reachable_levels,
    to_dot, to_mermaid,
)

TIER_NAMES = ("basic", "advanced", "expert")


def chain_catalog(tmp_path):
    data = small_catalog()
    # c1 advanced needs c0 basic; c2 basic needs c1 advanced
    data["competencies"][1]["prerequisites"] = [{"tier": "advanced", "needs": "c0", "needs_tier": "basic"}]
    data["competencies"][2]["prerequisites"] = [{"tier": "basic", "needs": "c1", "needs_tier": "advanced"}]
    return load_catalog(write_catalog(tmp_path / "cat", data))


def test_reaching_a_tier_lists_every_missing_step_in_a_valid_order(tmp_path):
    catalog = chain_catalog(tmp_path)
    steps = needed_to_reach(build_graph(catalog), {}, "c2", Tier.BASIC)
    assert steps.index(("c0", 1)) < steps.index(("c1", 2))
    assert steps.index(("c1", 1)) < steps.index(("c1", 2)) < steps.index(("c2", 1))
    assert ("c2", 2) not in steps


def test_levels_already_held_are_not_needed_again(tmp_path):
    catalog = chain_catalog(tmp_path)
    steps = needed_to_reach(build_graph(catalog), {"c0": Tier.EXPERT, "c1": Tier.ADVANCED}, "c2", Tier.BASIC)
    assert steps == [("c2", 1)]


def test_a_module_entry_includes_the_tier_below_and_the_tier_prerequisites(tmp_path):
    catalog = chain_catalog(tmp_path)
    assert entry_levels(catalog, catalog.modules["m_c1_advanced"]) == {"c1": Tier.BASIC, "c0": Tier.BASIC}
    assert entry_levels(catalog, catalog.modules["m_c0_basic"]) == {}


def test_modules_for_a_tier_are_the_ones_raising_it(tmp_path):
    catalog = chain_catalog(tmp_path)
    assert [m.id for m in modules_for(catalog, "c1", Tier.EXPERT)] == ["m_c1_expert"]


def test_graph_exports_name_every_node(tmp_path):
    catalog = chain_catalog(tmp_path)
    graph = build_graph(catalog)
    dot, mermaid = to_dot(catalog, graph), to_mermaid(catalog, graph, "zh")
    assert dot.startswith("digraph") and "c0__1 -> c1__2 [style=dashed]" in dot
    assert mermaid.startswith("flowchart") and "c1__2 -.-> c2__1" in mermaid and "基础" in mermaid


@st.composite
def random_catalogs(draw):
    n = draw(st.integers(2, 7))
    seed = draw(st.integers(0, 10_000))
    rng = random.Random(seed)
    comps = []
    for i in range(n):
        prereqs = []
        # Only point at lower-numbered competencies: random but acyclic by construction.
        for j in range(i):
            if rng.random() < 0.4:
                prereqs.append({"tier": rng.choice(TIER_NAMES), "needs": f"c{j}", "needs_tier": rng.choice(TIER_NAMES)})
        comps.append(competency(f"c{i}", prerequisites=prereqs))
    modules = [module(f"m{i}{t}", f"c{i}", t) for i in range(n) for t in TIER_NAMES]
    return Catalog(
        domains={"core": {"id": "core", "name": "Core"}},
        competencies={c["id"]: c for c in comps},
        modules={m["id"]: m for m in modules},
        roles={}, industries={},
    )


@settings(max_examples=60, deadline=None)
@given(random_catalogs())
def test_learning_order_respects_every_prerequisite_of_random_catalogs(catalog):
    graph = build_graph(catalog)
    order = learning_order(graph)
    position = {node: i for i, node in enumerate(order)}
    assert len(order) == 3 * len(catalog.competencies)
    for comp in catalog.competencies.values():
        for tier in (2, 3):
            assert position[(comp.id, tier - 1)] < position[(comp.id, tier)]
        for pre in comp.prerequisites:
            assert position[(pre.needs, int(pre.needs_tier))] < position[(comp.id, int(pre.tier))]
    # Taking modules in learning order from nothing reaches everything.
    assert all(t == Tier.EXPERT for t in reachable_levels(catalog).values())
