"""HTML to PDF through WeasyPrint, the one engine that honours our print CSS (@page, repeated
table headers, page breaks) without a browser.

Chinese text needs a CJK font on the machine (fonts-noto-cjk on Debian/Ubuntu; see README).
"""

from __future__ import annotations

import logging


def warm_up() -> None:
    """Load WeasyPrint before forking workers, so each does not pay for it again."""
    import weasyprint  # noqa: F401


def html_to_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which costs ~1 s that md/html runs skip.
    from weasyprint import HTML

    # WeasyPrint logs every unsupported CSS property at WARNING; those are ours, not the user's.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # No base_url: reports are self-contained, so nothing may be fetched from disk or network.
    document = HTML(string=html, base_url=None).render()
    return document.write_pdf()
