"""Import a framework file into a checked ``Catalog``; export a ``Catalog`` to a format."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from ..io import safe_yaml
from ..io.limits import MAX_FRAMEWORK, read_bounded
from ..model.catalog import Catalog, Module
from ..model.checks import check_catalog
from ..model.problems import InputError, Problem
from .common import Imported

FORMATS = ("moodle", "case")


def guess_format(path: Path) -> str | None:
    return {".csv": "moodle", ".json": "case"}.get(Path(path).suffix.lower())


def _reader(fmt: str):
    if fmt == "moodle":
        from .moodle_read import read_moodle
        return read_moodle
    from .case_read import read_case
    return read_case


def import_framework(path: Path, fmt: str, modules: Path | None = None) -> Imported:
    """Read, map and cross-check; raises ``InputError`` naming file and row/item on bad input."""
    source = str(path)
    try:
        data = read_bounded(path, MAX_FRAMEWORK, "framework file").decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(source, "", f"not UTF-8 text ({exc.reason}); save it as UTF-8")],
                         f"{source}: not imported, nothing written") from exc
    try:
        result = _reader(fmt)(data, source)
    except ValidationError as exc:  # a value the checks above let through but the model refuses
        err = exc.errors()[0]
        raise InputError([Problem(source, ".".join(map(str, err["loc"])), f"cannot be imported: {err['msg']} "
                                  f"(got {err.get('input')!r})")], f"{source}: not imported, nothing written") from exc
    catalog, module_where = result.catalog, {}
    if modules is not None:
        parsed, module_where = _modules(Path(modules))
        catalog = catalog.model_copy(update={"modules": parsed})
    def locate(section: str, id_: str) -> tuple[str, str]:
        if section == "modules":
            return str(modules), module_where.get(id_, "modules")
        return source, result.locations.get(id_, f"{section} {id_}")
    problems = check_catalog(catalog, locate)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors, f"{source}: not imported, nothing written")
    result.catalog = catalog
    if not catalog.modules:
        result.notes.append("the framework brings competencies only: no training modules, roles or industries. "
                            "Pass --modules FILE (a YAML file with 'modules:', see docs/catalog.md) or add "
                            "modules.yaml and roles.yaml to the folder before planning")
    else:
        result.notes.append(f"attached {len(catalog.modules)} module(s) from {modules}; "
                            "add roles.yaml with target tiers before planning")
    return result


def _modules(path: Path) -> tuple[dict[str, Module], dict[str, str]]:
    name = str(path)
    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError([Problem(name, "", f"cannot read modules: {exc}")], "nothing written") from exc
    if not isinstance(data, dict) or set(data) != {"modules"} or not isinstance(data["modules"], list):
        raise InputError([Problem(name, "", "expected a YAML file with one section 'modules:' holding a "
                                  "list of modules (docs/catalog.md)")], "nothing written")
    problems, parsed, where = [], {}, {}
    for i, raw in enumerate(data["modules"]):
        try:
            module = Module.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
                problems.append(Problem(name, f"modules[{i}]{loc}", err["msg"]))
            continue
        if module.id in parsed:
            problems.append(Problem(name, f"modules[{i}].id", f"duplicate module id {module.id!r}"))
        parsed[module.id], where[module.id] = module, f"modules[{i}]"
    if problems:
        raise InputError(problems, "nothing written")
    return parsed, where


def export_catalog(catalog: Catalog, fmt: str, lang: str = "en", **options) -> tuple[str, list[str]]:
    """The file text and notes about what the format cannot hold."""
    if fmt == "moodle":
        from .moodle_write import write_moodle
        return write_moodle(catalog, lang, raw_cells=options.get("raw_cells", False))
    from .case_write import write_case
    options.pop("raw_cells", None)
    return write_case(catalog, lang, **options)
