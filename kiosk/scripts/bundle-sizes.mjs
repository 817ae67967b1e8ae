#!/usr/bin/env node
// Prints what each app loads (its entry, the chunks it preloads, its CSS), raw and gzipped.
// Run after `npm run build -w kiosk`: `npm run size -w kiosk`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const apps = [
  ['desk', 'index.html'],
  ['board', 'board/index.html'],
  ['lift', 'lift/index.html'],
];

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const print = (line) => process.stdout.write(`${line}\n`);

print('app     JS raw     JS gzip    CSS raw    CSS gzip   files');
for (const [name, html] of apps) {
  const text = readFileSync(path.join(dist, html), 'utf8');
  const assets = [...text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  const totals = { js: [0, 0], css: [0, 0] };
  for (const asset of new Set(assets)) {
    const content = readFileSync(path.join(dist, asset));
    const kind = asset.endsWith('.css') ? 'css' : 'js';
    totals[kind][0] += content.length;
    totals[kind][1] += gzipSync(content, { level: 9 }).length;
  }
  print(
    [
      name.padEnd(6),
      ...[...totals.js, ...totals.css].map((v) => kb(v).padStart(9)),
      String(new Set(assets).size).padStart(7),
    ].join('  '),
  );
}
