#!/usr/bin/env python3
"""Build the dashboard's bundled Chinese font from Debian's Noto Sans CJK SC.

Why: the machines the dashboard runs on have no CJK fonts installed, so the
app ships its own. The same subset is used twice, so that text is measured
and drawn with identical metrics: public/fonts/NotoSansSC-subset.otf (plain
sfnt, CFF outlines as in the source) is both the browser's @font-face and the
font charts-rs (ttf-parser) measures SVG text with. One file instead of a woff2
plus an OTF: the browser downloads the font once.

The subset covers printable ASCII, Latin-1 (U+00A0-00FF), General Punctuation
(U+2010-2044), a few arrows / shapes / math signs used as status marks, CJK
Symbols and Punctuation, fullwidth forms and all 6,763 GB2312 hanzi. Hinting
and the non-SC (JP/KR/TC/HK) 'locl' variants are dropped; the family name
("Noto Sans CJK SC") is kept unchanged.

Requirements: Debian package fonts-noto-cjk, and `pip install fonttools`.
Usage: python3 scripts/make-font-subset.py   (run from anywhere)
The output is deterministic for a given source font and fontTools/brotli version.
"""

import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FAMILY = "Noto Sans CJK SC"
SUBFAMILY = "Regular"

OUT_DIR = Path(__file__).resolve().parent.parent / "public" / "fonts"
OUT_OTF = OUT_DIR / "NotoSansSC-subset.otf"


def gb2312_hanzi():
    """All hanzi of GB2312: every valid two-byte code 0xB0A1-0xF7FE."""
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # unassigned codes (e.g. 0xD7FA-0xD7FE)
    return chars


def codepoints():
    cps = set()
    cps.update(range(0x0020, 0x007F))  # printable ASCII
    cps.update(range(0x00A0, 0x0100))  # Latin-1 punctuation / symbols
    cps.update(range(0x2010, 0x2045))  # General Punctuation: — … ‰ ※ ...
    cps.update(ord(c) for c in "←↑→↓▲▼△▽●○■□◆★")  # status marks
    cps.update(ord(c) for c in "×÷±≤≥≠√∞℃№")
    cps.update(range(0x3000, 0x3040))  # CJK Symbols and Punctuation
    cps.update(range(0xFF01, 0xFF5F))  # fullwidth ASCII forms
    cps.update(range(0xFFE0, 0xFFE7))  # fullwidth signs ￠￡￢￣￤￥￦
    hanzi = gb2312_hanzi()
    assert len(hanzi) == 6763, len(hanzi)
    cps.update(ord(c) for c in hanzi)
    return cps


def face_names(font):
    name = font["name"]
    family = name.getDebugName(16) or name.getDebugName(1)
    style = name.getDebugName(17) or name.getDebugName(2)
    return family, style


def load_source():
    if not SOURCE.is_file():
        sys.exit(
            f"error: source font {SOURCE} not found.\n"
            "Install it with: apt-get install --no-install-recommends fonts-noto-cjk"
        )
    if SOURCE.suffix.lower() in (".ttc", ".otc"):
        coll = TTCollection(str(SOURCE), lazy=True)
        found = [i for i, f in enumerate(coll.fonts)
                 if face_names(f) == (FAMILY, SUBFAMILY)]
        if len(found) != 1:
            names = [face_names(f) for f in coll.fonts]
            sys.exit(f"error: expected one '{FAMILY} {SUBFAMILY}' face in "
                     f"{SOURCE}, found {len(found)}; faces: {names}")
        index = found[0]
    else:
        index = -1
    font = TTFont(str(SOURCE), fontNumber=index, recalcTimestamp=False,
                  recalcBBoxes=False)
    if face_names(font) != (FAMILY, SUBFAMILY):
        sys.exit(f"error: {SOURCE} is {face_names(font)}, not {FAMILY}")
    return font


def keep_only_sc_language_systems(font):
    """The collection's SC face still carries JAN/KOR/ZHT/ZHH 'locl' lookups;
    their glyph closure would nearly double the subset. Keep only the ZHS
    language system (plus each script's default one) in GSUB/GPOS."""
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        for rec in font[tag].table.ScriptList.ScriptRecord:
            script = rec.Script
            script.LangSysRecord = [ls for ls in script.LangSysRecord
                                    if ls.LangSysTag == "ZHS "]
            script.LangSysCount = len(script.LangSysRecord)


def main():
    font = load_source()
    keep_only_sc_language_systems(font)
    wanted = codepoints()
    cmap = font.getBestCmap()
    missing = sorted(cp for cp in wanted if cp not in cmap)
    if missing:
        print(f"note: {len(missing)} requested code points not in source font: "
              + " ".join(f"U+{cp:04X}" for cp in missing))

    opts = subset.Options()
    opts.hinting = False           # drop CFF hints
    opts.desubroutinize = False
    opts.notdef_outline = True     # visible tofu box for anything missing
    opts.name_IDs = ["*"]          # keep copyright/licence records (OFL)
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.recalc_timestamp = False  # deterministic output
    opts.flavor = None
    sub = subset.Subsetter(options=opts)
    sub.populate(unicodes=wanted)
    sub.subset(font)

    assert face_names(font) == (FAMILY, SUBFAMILY), face_names(font)

    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    otf_bytes = buf.getvalue()

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    OUT_OTF.write_bytes(otf_bytes)

    print(f"source : {SOURCE} ({FAMILY} {SUBFAMILY})")
    print(f"glyphs : {font['maxp'].numGlyphs} "
          f"({len(wanted) - len(missing)} code points mapped)")
    print(f"wrote  : {OUT_OTF} ({OUT_OTF.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
