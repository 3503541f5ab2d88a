// Opening exported files again with independent readers: openpyxl (Debian's python3) for XLSX,
// poppler-utils for PDF. Installed by scripts/setup.sh.

import { execFileSync } from 'node:child_process';

/** Debian's python3, where apt installs openpyxl (a pyenv python may shadow it on PATH). */
const PYTHON = process.env.KPI_PYTHON || '/usr/bin/python3';

const DUMP_XLSX = `
import json, sys
from openpyxl import load_workbook
book = load_workbook(sys.argv[1])
out = []
for ws in book.worksheets:
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    formats = [[c.number_format for c in row] for row in ws.iter_rows(min_row=2, max_row=2)]
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    out.append({"name": ws.title, "rows": rows, "freeze": ws.freeze_panes,
                "formats": formats[0] if formats else [], "widths": widths})
print(json.dumps(out, ensure_ascii=False, default=str))
`;

/** Every sheet of an XLSX: name, rows of values (numbers as numbers), frozen cell, formats. */
export function readXlsx(file) {
  return JSON.parse(execFileSync(PYTHON, ['-c', DUMP_XLSX, file], { encoding: 'utf8' }));
}

/** The text of a PDF (pdftotext, layout kept). */
export function pdfText(file) {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** pdffonts' table: one line per embedded font, with its type. */
export function pdfFonts(file) {
  return execFileSync('pdffonts', [file], { encoding: 'utf8' });
}

/** The pages of a PDF (pdfinfo). */
export function pdfPages(file) {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}
