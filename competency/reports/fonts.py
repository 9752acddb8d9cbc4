"""Is there a font that can print Chinese? Asked of fontconfig, the library WeasyPrint's text
engine (Pango) picks fonts through, so the answer is the one the PDF would get.

Without such a font WeasyPrint prints every Chinese character as an empty box and still
succeeds; a PDF in that state is worse than none, so PDF output stops first and says what to
install (README, quick start).
"""

from __future__ import annotations

import ctypes.util
import os
import re
from functools import lru_cache

INSTALL_HINT = ("install a Chinese font first, e.g. `sudo apt-get install fonts-noto-cjk` (Debian/Ubuntu), "
                "`sudo dnf install google-noto-sans-cjk-fonts` (Fedora), `brew install --cask font-noto-sans-cjk` "
                "(macOS); then run the command again")
# CJK ideographs, extension A, compatibility ideographs and CJK punctuation/full-width forms.
# Every report's fonts, in CSS and on inline SVG (whose text would otherwise fall back to
# fontconfig's "sans-serif": DejaVu Sans, then the Japanese face for hanzi). Quoted with '
# so it fits in a double-quoted SVG attribute as it is.
FONT_FAMILY = ("'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', "
               "'Noto Sans', 'DejaVu Sans', sans-serif")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

_CDEF = """
typedef struct _FcPattern FcPattern; typedef struct _FcConfig FcConfig; typedef struct _FcObjectSet FcObjectSet;
typedef struct { int nfont; int sfont; FcPattern **fonts; } FcFontSet;
FcConfig *FcInitLoadConfigAndFonts(void);
void FcConfigDestroy(FcConfig *);
FcPattern *FcNameParse(const unsigned char *);
void FcPatternDestroy(FcPattern *);
FcObjectSet *FcObjectSetCreate(void);
int FcObjectSetAdd(FcObjectSet *, const char *);
void FcObjectSetDestroy(FcObjectSet *);
FcFontSet *FcFontList(FcConfig *, FcPattern *, FcObjectSet *);
void FcFontSetDestroy(FcFontSet *);
"""


class MissingFont(RuntimeError):
    """No installed font covers Chinese; the message says what to install."""


def needs_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def chinese_font_count() -> int:
    """Fonts fontconfig knows that cover Simplified Chinese (0 when there are none).

    Cached per fontconfig configuration (FONTCONFIG_FILE), which is what decides the answer."""
    return _count(os.environ.get("FONTCONFIG_FILE", ""), os.environ.get("FONTCONFIG_PATH", ""))


@lru_cache(maxsize=4)
def _count(_config_file: str, _config_path: str) -> int:
    import cffi  # a WeasyPrint dependency, so present wherever PDFs can be made

    name = ctypes.util.find_library("fontconfig")
    if name is None:
        return 0
    ffi = cffi.FFI()
    ffi.cdef(_CDEF)
    lib = ffi.dlopen(name)
    config = lib.FcInitLoadConfigAndFonts()
    pattern = lib.FcNameParse(b":lang=zh-cn")
    objects = lib.FcObjectSetCreate()
    lib.FcObjectSetAdd(objects, b"family")
    fonts = lib.FcFontList(config, pattern, objects)
    try:
        return int(fonts.nfont) if fonts != ffi.NULL else 0
    finally:
        if fonts != ffi.NULL:
            lib.FcFontSetDestroy(fonts)
        lib.FcObjectSetDestroy(objects)
        lib.FcPatternDestroy(pattern)
        lib.FcConfigDestroy(config)


def require_cjk_font() -> None:
    if chinese_font_count() == 0:
        raise MissingFont(f"no installed font can print Chinese, so the PDF would show empty boxes; {INSTALL_HINT}")
