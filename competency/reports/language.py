"""Which language a report is written in, and what it says when that is not the one asked for.

Reports are written in English and Chinese (labels.LANGS). A profile may ask for any
language (``ja``, ``zh-TW`` ...): Chinese variants read the Chinese report, others get the
English one with a note naming the language asked for, never an error.
"""

from __future__ import annotations

from ..model.catalog import Catalog
from ..model.profile import AgentProfile
from .labels import LANGS

_NAMES = {"ja": ("Japanese", "日语"), "ko": ("Korean", "韩语"), "fr": ("French", "法语"), "de": ("German", "德语"),
          "es": ("Spanish", "西班牙语"), "pt": ("Portuguese", "葡萄牙语"), "it": ("Italian", "意大利语"),
          "ru": ("Russian", "俄语"), "vi": ("Vietnamese", "越南语"), "th": ("Thai", "泰语"),
          "id": ("Indonesian", "印尼语"), "ms": ("Malay", "马来语"), "ar": ("Arabic", "阿拉伯语")}


def report_language(asked: str | None, catalog: Catalog) -> str:
    """``en`` or ``zh`` for a profile's ``language`` (None: the catalog's language)."""
    if not asked:
        return catalog.language
    base = asked.split("-")[0].lower()
    return base if base in LANGS else "en"


def language_note(asked: str | None, lang: str) -> str:
    """A sentence for the top of the report when it is not in the language the profile asks
    for; "" when it is."""
    if not asked or asked.split("-")[0].lower() in LANGS:
        return ""
    base = asked.split("-")[0].lower()
    en, zh = _NAMES.get(base, (asked, asked))
    if lang == "zh":
        return f"档案中的语言为{zh}（{asked}）；报告目前只有中文和英文版本，本报告为中文。"
    return (f"The profile asks for {en} ({asked}); reports are written in English and Chinese only, "
            "so this one is in English.")


def profile_language(profile: AgentProfile | None, catalog: Catalog) -> str:
    return report_language(profile.language if profile else None, catalog)
