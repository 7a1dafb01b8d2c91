// xlsx.mjs - read an .xlsx the platform sent with real tools: Python's
// zipfile opens the workbook (and checks every member's CRC), the sheet's
// XML gives rows of typed cells.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Member of the zip file bytes, as text (python3 zipfile, CRCs tested). */
export function unzipMember(bytes, member) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sme-xlsx-'));
  try {
    const f = path.join(dir, 'export.xlsx');
    writeFileSync(f, bytes);
    const r = spawnSync('python3', ['-c',
      'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; sys.stdout.write(z.read(sys.argv[2]).decode("utf-8"))',
      f, member], { encoding: 'utf8' });
    assert.equal(r.status, 0, `python3 zipfile: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function xmlText(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The column index of a cell reference ("C7" → 2). */
function colOf(ref) {
  let n = 0;
  for (const ch of /^[A-Z]+/.exec(ref)[0]) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * The first sheet as rows of { v, t } cells (t: 'n' number, 's' text), each
 * at its column (by its r="B3" reference); a cell not written is undefined,
 * a written one without a value has v NaN.
 */
export function sheetRows(bytes) {
  const shared = [];
  let sst = '';
  try { sst = unzipMember(bytes, 'xl/sharedStrings.xml'); } catch { /* inline strings only */ }
  for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>/g))
    shared.push(xmlText([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => x[1]).join('')));
  const xml = unzipMember(bytes, 'xl/worksheets/sheet1.xml');
  return [...xml.matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
    const cells = [];
    for (const c of row[1].matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const t = /t="([^"]+)"/.exec(c[1])?.[1] ?? 'n';
      const at = colOf(/r="([A-Z]+\d+)"/.exec(c[1])[1]);
      const body = c[2] ?? '';
      if (t === 's') cells[at] = { t: 's', v: shared[Number(/<v>(\d+)<\/v>/.exec(body)[1])] };
      else if (t === 'inlineStr' || t === 'str') cells[at] = { t: 's', v: xmlText(/<t[^>]*>([\s\S]*?)<\/t>/.exec(body)?.[1] ?? '') };
      else cells[at] = { t: 'n', v: Number(/<v>([^<]*)<\/v>/.exec(body)?.[1]) };
    }
    return cells;
  });
}
