/**
 * `npm run bench [-- name …]`: runs every benchmark file in bench/ (or the named ones), each in
 * its own Node process so one's memory and timers do not colour another's, and prints their
 * figures. Benchmarks print; they assert nothing. Exits non-zero if a benchmark crashed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).map((name) => name.replace(/\.ts$/, ''));
const files = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .filter((file) => wanted.length === 0 || wanted.includes(file.replace(/\.ts$/, '')))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}; available: ${readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run.ts').join(', ')}`);
  process.exit(1);
}

const failed: string[] = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed.push(file);
    console.log(`=== ${file} failed (exit ${result.status ?? result.signal}) after ${seconds} s ===`);
  } else {
    console.log(`=== ${file} done in ${seconds} s ===`);
  }
}
if (failed.length > 0) {
  console.error(`\nBenchmarks that failed: ${failed.join(', ')}`);
  process.exit(1);
}
