// xlsx.mjs - reading .xlsx answers as a person's spreadsheet would: the zip
// opened with Python's zipfile (a real reader), the first sheet's cells.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Read member of the zip file at file with Python's zipfile (a real reader). */
export function unzipMember(bytes, member) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sme-xlsx-'));
  const f = path.join(dir, 'export.xlsx');
  writeFileSync(f, bytes);
  const r = spawnSync('python3', ['-c',
    'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; sys.stdout.write(z.read(sys.argv[2]).decode("utf-8"))',
    f, member], { encoding: 'utf8' });
  assert.equal(r.status, 0, `python3 zipfile: ${r.stderr}`);
  return r.stdout;
}

function xmlText(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Column letters (A, B, ..., AA) as an index from 0. */
function colIndex(letters) {
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

/** The written cells of the first sheet, by row: { col, t, v } (t: 'n' number, 's' text). */
function sheetCells(bytes) {
  const shared = [];
  let sst = '';
  try { sst = unzipMember(bytes, 'xl/sharedStrings.xml'); } catch { /* inline strings only */ }
  for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>/g))
    shared.push(xmlText([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => x[1]).join('')));
  const xml = unzipMember(bytes, 'xl/worksheets/sheet1.xml');
  return [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
    [...row[1].matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((c) => {
      const col = colIndex(/r="([A-Z]+)/.exec(c[1])?.[1] ?? 'A');
      const t = /t="([^"]+)"/.exec(c[1])?.[1] ?? 'n';
      const body = c[2] ?? '';
      if (t === 's') return { col, t: 's', v: shared[Number(/<v>(\d+)<\/v>/.exec(body)[1])] };
      if (t === 'inlineStr' || t === 'str') return { col, t: 's', v: xmlText(/<t[^>]*>([\s\S]*?)<\/t>/.exec(body)?.[1] ?? '') };
      return { col, t: 'n', v: Number(/<v>([^<]*)<\/v>/.exec(body)?.[1]) };
    }));
}

/** The first sheet of an .xlsx as rows of { v, t } cells (t: 'n' number, 's' text), empty cells left out. */
export function sheetRows(bytes) {
  return sheetCells(bytes).map((cells) => cells.map(({ t, v }) => ({ t, v })));
}

/** The first sheet as rows of cells placed by their column (A = 0); a cell not written is undefined. */
export function sheetGrid(bytes) {
  return sheetCells(bytes).map((cells) => {
    const out = [];
    for (const { col, t, v } of cells) out[col] = { t, v };
    return out;
  });
}
