#!/usr/bin/env python3
"""Build the dashboard's bundled Chinese font from Debian's Noto Sans CJK SC.

Why: the machines the dashboard runs on have no CJK fonts installed, so the
app ships its own. The same subset is used twice, so that text is measured
and drawn with identical metrics: public/fonts/NotoSansSC-subset.ttf (plain
sfnt) is both the browser's @font-face and the font charts-rs (ttf-parser)
measures SVG text with. One file instead of a woff2 plus a second font: the
browser downloads the font once.

Why TrueType outlines: the source font has CFF (PostScript) outlines, and
Chromium prints a CFF web font into a PDF as Type 3 fonts (every glyph a
drawing procedure, no real font in the PDF, whose text search and copy
depend on how the viewer handles Type 3). So after subsetting, the CFF
outlines are converted to quadratic 'glyf' outlines (fontTools cu2qu, max
error 1 font unit = 1/1000 em), which Chromium embeds in a PDF as one
CID TrueType font with a ToUnicode map, and the printed PDF is smaller. The
glyph set, glyph order, cmap, advance widths (hmtx/vmtx), GSUB/GPOS (kerning) and
the name table are unchanged, so text measures the same as with the CFF
subset; only the side bearings are set to the new outlines' bounding boxes.
The cost is size: about 2.0 MB instead of the CFF subset's 1.55 MB, though
gzipped both are about 1.3 MB.

The subset covers printable ASCII, Latin-1 (U+00A0-00FF), General Punctuation
(U+2010-2044), a few arrows / shapes / math signs used as status marks, CJK
Symbols and Punctuation, fullwidth forms and all 6,763 GB2312 hanzi. Hinting
and the non-SC (JP/KR/TC/HK) 'locl' variants are dropped (the TrueType
outlines get no instructions either); the family name ("Noto Sans CJK SC")
is kept unchanged.

Requirements: Debian package fonts-noto-cjk, and `pip install fonttools`.
Usage: python3 scripts/make-font-subset.py   (run from anywhere)
The output is deterministic for a given source font and fontTools version.
"""

import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FAMILY = "Noto Sans CJK SC"
SUBFAMILY = "Regular"

OUT_DIR = Path(__file__).resolve().parent.parent / "public" / "fonts"
OUT_TTF = OUT_DIR / "NotoSansSC-subset.ttf"

# Largest distance (font units; the source has 1000 units per em) between a
# cubic CFF curve and its quadratic approximation. 1.0 is what fontTools'
# otf2ttf and fontmake use: invisible at any text size; 2.0 would make the
# file only about 5% smaller.
CU2QU_MAX_ERR = 1.0


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
    cps.update(ord(c) for c in "←↑→↓▲▼△▽●○■□◆◇★☆▶◀▸◂")  # status and list marks
    cps.update(ord(c) for c in "×÷±≤≥≠≈−√∞℃№")  # − is U+2212, the minus of every change
    cps.update(range(0x0391, 0x03AA))  # Greek capitals (Δ)
    cps.update(range(0x03B1, 0x03CA))  # Greek small letters (σ of the 3σ rule, μ)
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


def cff_to_glyf(font):
    """Replace the subset's CFF outlines with TrueType (quadratic) ones, the
    way fontTools' otf2ttf snippet does: every glyph is drawn through cu2qu
    into a TTGlyphPen. Glyph order, cmap, advance widths, GSUB/GPOS and names
    are untouched; side bearings follow the new bounding boxes."""
    assert font.sfntVersion == "OTTO" and "CFF " in font
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()

    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(tt_pen, CU2QU_MAX_ERR,
                                      reverse_direction=True))
        # Dropping on-curve points that lie exactly midway between two
        # off-curve points is lossless and makes the file smaller.
        glyf.glyphs[name] = tt_pen.glyph(dropImpliedOnCurves=True)

    # Vertical origins: CFF fonts keep them in VORG, TrueType fonts derive
    # them from vmtx's top side bearing + the glyph's yMax. Keep each glyph's
    # origin where VORG put it.
    vorg = font["VORG"] if "VORG" in font else None
    del font["CFF "]
    if vorg is not None:
        del font["VORG"]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")

    hmtx = font["hmtx"]
    vmtx = font["vmtx"] if "vmtx" in font else None
    for name in glyph_order:
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        if glyph.numberOfContours == 0:
            continue  # empty glyph (space): no bounding box to follow
        advance, _ = hmtx[name]
        hmtx[name] = (advance, glyph.xMin)
        if vmtx is not None and vorg is not None:
            v_advance, _ = vmtx[name]
            origin_y = vorg.VOriginRecords.get(name, vorg.defaultVertOriginY)
            vmtx[name] = (v_advance, origin_y - glyph.yMax)

    maxp = font["maxp"]  # CFF fonts have the 6-byte version 0.5 maxp
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    maxp.maxComponentDepth = 0

    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names (the CFF ones are cidNNNNN)
    font.sfntVersion = "\0\1\0\0"
    # Recompute head/hhea/vhea/maxp bounds and point counts from the new
    # outlines on save.
    font.recalcBBoxes = True


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

    cff_to_glyf(font)

    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    ttf_bytes = buf.getvalue()

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    OUT_TTF.write_bytes(ttf_bytes)

    print(f"source : {SOURCE} ({FAMILY} {SUBFAMILY})")
    print(f"glyphs : {font['maxp'].numGlyphs} "
          f"({len(wanted) - len(missing)} code points mapped)")
    print(f"outline: TrueType (glyf, cu2qu max error {CU2QU_MAX_ERR} unit)")
    print(f"wrote  : {OUT_TTF} ({OUT_TTF.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
