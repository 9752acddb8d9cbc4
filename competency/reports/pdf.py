"""HTML to PDF through WeasyPrint, the one engine that honours our print CSS (@page, repeated
table headers, page breaks) without a browser.

Chinese text needs a CJK font on the machine (fonts-noto-cjk on Debian/Ubuntu; see README);
without one ``html_to_pdf`` raises ``fonts.MissingFont`` instead of printing empty boxes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The only files a report may load: the package's own templates and assets.
ASSETS = Path(__file__).resolve().parent / "templates"


class RefusedURL(ValueError):
    """A report asked for something outside the package: never fetched."""


def allowed(url: str) -> bool:
    """data: URLs (inline, nothing fetched) and files inside ASSETS; no network, no other file."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return path == ASSETS or ASSETS in path.parents


def _fetcher():
    """A WeasyPrint URL fetcher that serves ``allowed`` URLs and refuses the rest."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint >= 66: a fetcher object
        class AssetsOnly(urls.URLFetcher):
            def fetch(self, url, headers=None):
                if not allowed(url):
                    raise RefusedURL(f"refused {url[:80]!r}: reports load only their own assets")
                return super().fetch(url, headers)

        return AssetsOnly(timeout=1, allowed_protocols=("data", "file"), allow_redirects=False)

    def fetch(url: str):  # older WeasyPrint: a function
        if not allowed(url):
            raise RefusedURL(f"refused {url[:80]!r}: reports load only their own assets")
        return urls.default_url_fetcher(url, timeout=1)

    return fetch

from .fonts import needs_cjk, require_cjk_font


def warm_up() -> None:
    """Load WeasyPrint before forking workers, so each does not pay for it again."""
    import weasyprint  # noqa: F401


def html_to_pdf(html: str) -> bytes:
    if needs_cjk(html):
        require_cjk_font()
    # Imported here: WeasyPrint loads Pango and fonts, which costs ~1 s that md/html runs skip.
    from weasyprint import HTML

    # WeasyPrint logs every unsupported CSS property and every refused URL at WARNING; the
    # first are ours, the second are hostile input that was neutralised, not the user's.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # No base_url: relative URLs resolve to nothing; absolute ones meet the fetcher.
    document = HTML(string=html, base_url=None, url_fetcher=_fetcher()).render()
    return document.write_pdf()
