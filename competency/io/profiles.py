"""The profile store: one YAML file per agent, named ``<id>.yaml``.

Layout: ``profiles/<id>.yaml`` or, to keep teams apart, ``profiles/<any folder>/<id>.yaml``.
Loading reads every ``*.yaml`` below the folder. Saving rewrites the agent's existing file
wherever it lives, and puts a new agent at ``<dir>/<id>.yaml``. The file name always comes
from the validated id (never from a name or team), so an HR value cannot steer a write
outside the folder. Writes are atomic (temp file, then rename).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from ..model.catalog import MAX_ID
from ..model.problems import InputError, Problem
from ..model.profile import AgentProfile
from ..model.tiers import Tier
from .atomic import write_text_atomic
from .journal import JOURNAL
from .profile_cache import ProfileCache

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def agent_id_problem(agent: str) -> str | None:
    """What is wrong with an agent id read from an HR or LMS export, in the words the row
    error shows; None when it can name a profile."""
    if not ID_PATTERN.match(agent):
        return f"agent id {agent!r} is empty or not valid (letters, digits, _ . - only); fix the 工号"
    if len(agent) > MAX_ID:
        return f"agent id of {len(agent)} characters; at most {MAX_ID}: fix the 工号"
    return None
HEADER = (
    "# Agent profile for `competency` (docs/import.md). Assessment history is append-only:\n"
    "# `competency import` adds entries and never edits or removes them.\n"
)


def load_profiles(directory: str | Path, keep: Callable[[str, str], bool] | None = None) -> list[AgentProfile]:
    """Every profile below ``directory``, sorted by id; all problems reported at once.

    ``keep(agent id, team)`` limits the result to some agents. Every file is still checked
    (problems and duplicate ids anywhere are reported), but cached profiles that are not
    kept are not rebuilt, which is most of the time for one team out of many.
    """
    root = Path(directory)
    if not root.is_dir() and root.exists():
        from .profile_db import ProfileDatabase  # a database file: io/store.py

        return ProfileDatabase(root).load(keep)
    if not root.is_dir():
        raise InputError([Problem(str(root), "", "no such folder; pass --profiles DIR")], "profiles")
    if (root / JOURNAL).exists():
        _finish_import(root)
    problems: list[Problem] = []
    found: dict[str, tuple[AgentProfile | None, Path]] = {}
    paths = yaml_files(root)
    cache = ProfileCache(root, len(paths))
    for path in paths:
        agent_id, profile = _cached(cache, path, problems, keep)
        if agent_id is None:
            continue
        if agent_id in found:
            problems.append(Problem(str(path), "id", f"duplicate agent id {agent_id!r} "
                                    f"(also in {found[agent_id][1]}); keep one file per agent"))
            continue
        found[agent_id] = (profile, path)
    cache.save(paths)
    if problems:
        raise InputError(problems, f"profiles in {root}")
    return [profile for _, (profile, _) in sorted(found.items()) if profile is not None]


def yaml_files(root: Path) -> list[Path]:
    """Profile files below ``root``, sorted; hidden folders and files (staged writes) skipped."""
    return [p for p in sorted(root.rglob("*.yaml")) if not any(
        part.startswith(".") for part in p.relative_to(root).parts)]


def _finish_import(root: Path) -> None:
    """An import was cut off after its commit point: finish it before reading (io/journal.py)."""
    from .journal import recover
    from .locking import exclusive

    with exclusive(root / ".competency.lock", f"profiles in {root}"):
        recover(root)


def _cached(cache: ProfileCache, path: Path, problems: list[Problem],
            keep: Callable[[str, str], bool] | None) -> tuple[str | None, AgentProfile | None]:
    """(agent id, profile if kept) of one file; (None, None) when the file has problems."""
    stamp = cache.stamp(path)
    header = cache.header(path, stamp)
    if header is not None:
        if keep is not None and not keep(*header):
            return header[0], None
        profile = cache.get(path, stamp)
        if profile is not None:
            return profile.id, profile
    profile = _read(path, problems)
    if profile is None:
        return None, None
    cache.put(path, stamp, profile)
    return profile.id, profile if keep is None or keep(profile.id, profile.team) else None


def load_profile(directory: str | Path, agent_id: str) -> AgentProfile:
    path = profile_path(directory, agent_id)
    if not path.exists():
        raise InputError([Problem(str(path), "", f"no profile for agent {agent_id!r}")], "profiles")
    problems: list[Problem] = []
    profile = _read(path, problems)
    if profile is None:
        raise InputError(problems, f"profile {path}")
    return profile


def profile_path(directory: str | Path, agent_id: str) -> Path:
    """Where the agent's file is (any sub-folder) or will be (``<dir>/<id>.yaml``)."""
    if not ID_PATTERN.match(agent_id):
        raise ValueError(f"not a valid agent id: {agent_id!r} (letters, digits, _ . - only)")
    root = Path(directory)
    existing = sorted(root.rglob(f"{agent_id}.yaml")) if root.is_dir() else []
    return existing[0] if existing else root / f"{agent_id}.yaml"


def save_profile(directory: str | Path, profile: AgentProfile) -> Path:
    path = profile_path(directory, profile.id)
    write_text_atomic(path, dump_profile(profile))
    return path


def dump_profile(profile: AgentProfile) -> str:
    """Deterministic YAML: same profile, same bytes (history sorted, tiers by name)."""
    data = profile.model_dump(mode="json", exclude_none=True)
    if data.get("active") is True:
        del data["active"]  # staying is the normal case; only leavers say so
    data["completed"] = sorted(data.get("completed", []), key=lambda c: (str(c.get("date", "")), c["module"]))
    data["assessments"] = {
        cid: [_entry(a.model_dump(mode="json", exclude_none=True)) for a in profile.history(cid)]
        for cid in sorted(profile.assessments)
    }
    for key in ("completed", "assessments"):
        if not data[key]:
            del data[key]
    import yaml  # imported here: loading a cached folder does not need PyYAML

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return HEADER + yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    entry["tier"] = Tier(entry["tier"]).key
    if "level" in entry:
        entry["level"] = Tier(entry["level"]).key
    if entry.get("passed") is True:
        del entry["passed"]  # passing is the normal case; only failures are spelled out
    return entry


def _read(path: Path, problems: list[Problem]) -> AgentProfile | None:
    import yaml  # imported here: loading a cached folder does not need PyYAML

    from . import safe_yaml

    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem(str(path), "", "not UTF-8 text; save the profile as UTF-8"))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        problems.append(Problem(str(path), where, "malformed YAML; check indentation and quoting"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(str(path), "", "expected a mapping with id, name, team, role, industry"))
        return None
    try:
        profile = AgentProfile.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            value = err.get("input")
            shown = "" if isinstance(value, (dict, list)) or value is None else f" (got {value!r})"
            problems.append(Problem(str(path), loc, f"{err['msg']}{shown}"))
        return None
    if path.stem != profile.id:
        problems.append(Problem(str(path), "id", f"file name must be {profile.id}.yaml to match the id; rename the file"))
        return None
    return profile
