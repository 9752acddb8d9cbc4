"""Load a catalog folder of YAML files into a cross-checked ``Catalog``.

Every problem in every file is collected before failing, so a user fixes a catalog in one
pass instead of one error per run.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .catalog import AudienceDefault, Catalog, CatalogInfo, Competency, Domain, Industry, Module, Role, Site, Trainer
from .problems import CatalogError, InputError, Problem

LIST_SECTIONS: dict[str, type[BaseModel]] = {
    "domains": Domain,
    "competencies": Competency,
    "modules": Module,
    "roles": Role,
    "industries": Industry,
    "sites": Site,
    "trainers": Trainer,
}
# Kept as plain data in Catalog.extras and checked where used: evidence rules
# (planner/evidence.py) and rating scales (io/scales.py).
EXTRA_SECTIONS = ("evidence", "scales")
SECTIONS = ("catalog", *LIST_SECTIONS, "audiences", *EXTRA_SECTIONS)


def default_catalog_dir() -> Path:
    """The shipped catalog: the repo's ``catalog/`` or, when installed, the packaged copy."""
    repo = Path(__file__).resolve().parents[2] / "catalog"
    if repo.is_dir():
        return repo
    return Path(str(resources.files("competency") / "data" / "catalog"))


def load_catalog(path: str | Path | None = None) -> Catalog:
    """The checked catalog, from the catalog cache while its files are unchanged."""
    from ..io.catalog_cache import CatalogCache  # imported here: io.catalog_cache imports this package

    root = Path(path) if path is not None else default_catalog_dir()
    files = _catalog_files(root)
    cache = CatalogCache(root, files) if files else None
    catalog = cache.get() if cache else None
    if catalog is not None:
        return catalog
    catalog, problems = _load(root, files)
    if catalog is None or any(p.severity == "error" for p in problems):
        raise CatalogError(problems, f"catalog {path or default_catalog_dir()} is invalid")
    if cache:
        cache.put(catalog)
    return catalog


def load_catalog_with_problems(path: str | Path | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Catalog and every problem, warnings included; always read from the YAML files."""
    root = Path(path) if path is not None else default_catalog_dir()
    return _load(root, _catalog_files(root))


def _catalog_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return [root] if root.is_file() else sorted(
        p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
    )


def _load(root: Path, files: list[Path]) -> tuple[Catalog | None, list[Problem]]:
    if not root.exists():
        return None, [Problem(str(root), "", "no such file or folder; pass --catalog DIR")]
    if not files:
        return None, [Problem(str(root), "", "no .yaml files here; a catalog is a folder of YAML files")]
    problems: list[Problem] = []
    items: dict[str, list[tuple[Any, str, str]]] = {name: [] for name in LIST_SECTIONS}
    info = CatalogInfo()
    extras: dict[str, Any] = {}
    audiences: list[AudienceDefault] = []
    audience_at: dict[str, str] = {}
    for file in files:
        name = _display(file, root)
        data = _read_yaml(file, name, problems)
        if data is None:
            continue
        for section, value in data.items():
            if section == "catalog":
                info = _parse(CatalogInfo, value, name, "catalog", problems) or info
            elif section in LIST_SECTIONS:
                if not isinstance(value, list):
                    problems.append(Problem(name, section, f"expected a list of {section}, got {type(value).__name__}"))
                    continue
                for index, raw in enumerate(value):
                    model = _parse(LIST_SECTIONS[section], raw, name, f"{section}[{index}]", problems)
                    if model is not None:
                        items[section].append((model, name, f"{section}[{index}]"))
            elif section == "audiences":
                _audiences(value, name, problems, audiences, audience_at)
            elif section in EXTRA_SECTIONS:
                extras[section] = value
            else:
                problems.append(Problem(
                    name, str(section),
                    f"unknown section {section!r}; expected one of {', '.join(SECTIONS)}",
                ))
    tables: dict[str, dict[str, Any]] = {}
    for section, entries in items.items():
        tables[section] = {}
        seen: dict[str, str] = {}
        for model, name, where in entries:
            if model.id in tables[section]:
                problems.append(Problem(
                    name, f"{where}.id",
                    f"duplicate id {model.id!r} (first defined at {seen[model.id]}); ids must be unique",
                ))
                continue
            tables[section][model.id] = model
            seen[model.id] = f"{name}:{where}"
    catalog = Catalog(info=info, extras=extras, audiences=audiences, **tables)
    locations = {
        (section, model.id): (name, where)
        for section, entries in items.items()
        for model, name, where in entries
    }
    from .checks import check_catalog  # imported here: a cached catalog was checked when it was written

    locations.update({("audiences", tag): where for tag, where in audience_at.items()})
    problems += check_catalog(catalog, lambda section, id_: locations.get((section, id_), (str(root), section)))
    return catalog, problems


def _audiences(value: Any, name: str, problems: list[Problem], out: list[AudienceDefault],
               seen: dict[str, tuple[str, str]]) -> None:
    """Catalog-wide default audiences, one per tag; a tag given twice is an error."""
    if not isinstance(value, list):
        problems.append(Problem(name, "audiences", f"expected a list of {{tag, industries, roles}}, got {type(value).__name__}"))
        return
    for index, raw in enumerate(value):
        where = f"audiences[{index}]"
        model = _parse(AudienceDefault, raw, name, where, problems)
        if model is None:
            continue
        if model.tag in seen:
            first = ":".join(seen[model.tag])
            problems.append(Problem(name, f"{where}.tag", f"tag {model.tag!r} already has an audience (at {first}); "
                                                         "merge the two entries"))
            continue
        seen[model.tag] = (name, where)
        out.append(model)


def _display(file: Path, root: Path) -> str:
    if root.is_file():
        return str(file)
    return str(root / file.relative_to(root))


def _read_yaml(file: Path, name: str, problems: list[Problem]) -> dict | None:
    from ..io.limits import MAX_CATALOG_FILE, read_bounded

    try:
        text = read_bounded(file, MAX_CATALOG_FILE, "catalog YAML file").decode("utf-8")
    except InputError as exc:
        problems.extend(Problem(name, p.where, p.message) for p in exc.problems)
        return None
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, "", f"not UTF-8 text ({exc.reason}); save the file as UTF-8"))
        return None
    import yaml  # imported here: a cached catalog does not need PyYAML

    from ..io import safe_yaml

    try:
        data = safe_yaml.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        if isinstance(exc, safe_yaml.LimitError):  # valid YAML that is refused: no quoting hint
            problems.append(Problem(name, where, reason))
        else:
            problems.append(Problem(name, where, f"malformed YAML: {reason}; check indentation and quoting"))
        return None
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.append(Problem(name, "", f"expected a mapping with sections {', '.join(SECTIONS)}"))
        return None
    return data


def _parse(model: type[BaseModel], raw: Any, name: str, where: str, problems: list[Problem]):
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = where + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
            value = err.get("input")
            shown = "" if isinstance(value, (dict, list)) or value is None else f" (got {value!r})"
            message = err["msg"]
            if err["type"] == "extra_forbidden":
                message = "unknown field; check the spelling against docs/catalog.md"
            problems.append(Problem(name, loc, f"{message}{shown}"))
        return None
