// Renders SVG files on one page with the app's font and saves a PNG to look at:
//   node tests/tools/look-svg.mjs out.png a.svg b.svg …
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
const [out, ...files] = process.argv.slice(2);
const font = path.resolve('public/fonts/NotoSansSC-subset.ttf');
const body = files.map((f) => `<figure><figcaption>${path.basename(f)}</figcaption>${readFileSync(f, 'utf8')}</figure>`).join('');
const html = `<!doctype html><style>@font-face{font-family:"Noto Sans CJK SC";src:url("file://${font}")}
body{font-family:"Noto Sans CJK SC";margin:8px;background:#fff} figure{display:inline-block;margin:4px;border:1px solid #ddd}</style>${body}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
const page = await browser.newPage({ viewport: { width: 1500, height: 800 } });
await page.setContent(html);
await page.evaluate(() => document.fonts.ready);
await page.waitForTimeout(300);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
