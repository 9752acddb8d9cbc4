"""Write a ``Catalog`` as a catalog folder the loader reads back (docs/catalog.md layout).

Output is deterministic: model fields in declaration order, outside data with sorted keys,
so the same import gives byte-identical files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from enum import Enum
from pathlib import Path

import yaml
from pydantic import BaseModel

from ..io.atomic import HINTS, WriteError, write_text_atomic
from ..model.catalog import Catalog, Text
from ..model.loader import load_catalog_with_problems
from ..model.problems import InputError, Problem


def _plain(value: object, sort: bool = False) -> object:
    if isinstance(value, Text):  # {en: ..., ja: ...}: other languages under their own code
        return {**{k: v for k, v in (("en", value.en), ("zh", value.zh)) if v is not None}, **value.other}
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(mode="python", exclude_defaults=True, exclude_none=True))
    if (isinstance(value, dict) and not sort and isinstance(value.get("other"), dict)
            and set(value) <= {"en", "zh", "other"}):
        value = {**{k: v for k, v in value.items() if k != "other"}, **value["other"]}  # a dumped Text
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0])) if sort else value.items()
        return {_plain(k): _plain(v, sort or k == "external") for k, v in items}
    if isinstance(value, (list, tuple)):
        return [_plain(v, sort) for v in value]
    if hasattr(value, "key") and isinstance(value, Enum):  # Tier: write its name, not 2
        return value.key
    if isinstance(value, Enum):
        return value.value
    return value


def _dump(data: dict, source: str) -> str:
    head = f"# Written by `competency catalog import` from {source}; format: docs/catalog.md\n" if source else ""
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def catalog_files(catalog: Catalog, source: str = "") -> dict[str, str]:
    """Relative path -> YAML text: catalog.yaml (info, domains), competencies/<domain>.yaml, ..."""
    files = {"catalog.yaml": _dump({"catalog": _plain(catalog.info),
                                    "domains": [_plain(d) for d in catalog.domains.values()]}, source)}
    for domain in catalog.domains:
        comps = [_plain(c) for c in catalog.competencies.values() if c.domain == domain]
        if comps:
            files[f"competencies/{domain}.yaml"] = _dump({"competencies": comps}, source)
    for section in ("modules", "roles", "industries"):
        items = getattr(catalog, section)
        if items:
            files[f"{section}.yaml"] = _dump({section: [_plain(m) for m in items.values()]}, source)
    for section, value in sorted(catalog.extras.items()):  # scales:, evidence: ... as the loader kept them
        files[f"{section}.yaml"] = _dump({section: _plain(value)}, source)
    return files


def write_catalog_folder(files: dict[str, str], out: Path, force: bool = False) -> None:
    """Write into a temporary folder, check it loads, then put it in place of ``out``.

    Nothing appears at ``out`` unless the whole catalog was written and loads cleanly.
    """
    shown = Path(out)
    out = Path(os.path.realpath(shown))  # a symlinked folder is replaced where it really is; the link stays
    if out.exists() and not out.is_dir():
        raise InputError([Problem(str(shown), "", "is a file, not a folder; choose a folder name")], "nothing written")
    if out.exists() and not force and any(out.iterdir()):
        raise InputError([Problem(str(shown), "", "already exists and is not empty; "
                                  "choose a new folder or pass --force to replace it")], "nothing written")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name[:80]}.", dir=out.parent))
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)  # mkdtemp's 0700 would hide the catalog from the rest of the team
    except OSError as exc:
        raise WriteError(f"{shown}: cannot write: {HINTS.get(exc.errno or 0, exc.strerror)}") from None
    try:
        for rel, content in sorted(files.items()):
            write_text_atomic(tmp / rel, content)
        _, problems = load_catalog_with_problems(tmp)
        errors = [p for p in problems if p.severity == "error"]
        if errors:  # a bug in the writer, not in the user's file: say so plainly
            raise InputError(errors, f"internal error: the written catalog does not load ({tmp})")
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old) if old.is_dir() else old.unlink()
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
