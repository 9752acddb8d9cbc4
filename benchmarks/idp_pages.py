"""Pages of the printed development plans: how many, and how many are nearly empty.

Renders every agent's IDP of a plan as PDF (``--lang zh`` by default), extracts each page's
text with ``pdftotext`` (poppler-utils) and prints, per file and in total, the pages and the
pages holding fewer than ``--short`` characters (whitespace not counted): a page with only
"本计划无强制复训" wastes paper and splits what belongs together.

  python benchmarks/idp_pages.py --plan plan.json
  python benchmarks/idp_pages.py --plan plan.json --lang en --short 200 --keep pdfs/
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # this checkout's package, not an installed one

from competency.model import load_catalog  # noqa: E402
from competency.reports import idp_bytes, load_inputs  # noqa: E402


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plan", required=True, type=Path)
    parser.add_argument("--catalog", type=Path, default=None)
    parser.add_argument("--profiles", type=Path, default=Path("profiles"))
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    parser.add_argument("--short", type=int, default=200, help="a page with fewer characters is short")
    parser.add_argument("--keep", type=Path, default=None, help="keep the PDFs in this folder")
    args = parser.parse_args()
    inputs = load_inputs(args.plan, load_catalog(args.catalog), args.profiles)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="idp_pages_"))
    folder.mkdir(parents=True, exist_ok=True)
    total = short = 0
    print(f"{'agent':<12} {'pages':>5} {'short':>5}  characters per page")
    for agent in inputs.plan.agents:
        path = folder / f"{agent.agent_id}.pdf"
        path.write_bytes(idp_bytes(inputs, agent.agent_id, args.lang, "pdf"))
        sizes = [len("".join(page.split())) for page in page_texts(path)]
        few = sum(1 for n in sizes if n < args.short)
        total, short = total + len(sizes), short + few
        print(f"{agent.agent_id:<12} {len(sizes):>5} {few:>5}  {' '.join(map(str, sizes))}")
    print(f"{len(inputs.plan.agents)} IDPs ({args.lang}): {total} pages, {short} with fewer than "
          f"{args.short} characters")
    if args.keep is None:
        print(f"PDFs in {folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
