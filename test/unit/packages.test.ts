/**
 * The dependency split: the root package is the desktop app (what electron-builder packs), the
 * `src/server` workspace is the profile server. Neither may carry the other's run-time
 * packages, and every package a side imports must be declared by that side.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const readManifest = (path: string) =>
  JSON.parse(readFileSync(join(root, path), 'utf8')) as Manifest;
const desktop = readManifest('package.json');
const server = readManifest('src/server/package.json');
const deps = (manifest: Manifest) => Object.keys(manifest.dependencies ?? {});

/** Packages only the server runs on. */
const SERVER_ONLY = [
  /^fastify$/,
  /^@fastify\//,
  /^fastify-/,
  /^better-sqlite3$/,
  /^pg$/,
  /^@types\/pg$/,
  /^@types\/better-sqlite3$/,
  /^ical\.js$/,
  /^pino$/,
];
/** Packages only the desktop app runs on. */
const DESKTOP_ONLY = [
  /^react$/,
  /^react-dom$/,
  /^@types\/react/,
  /^zustand$/,
  /^electron$/,
  /^electron-store$/,
  /^sip\.js$/,
  /^rotating-file-stream$/,
];

const matches = (patterns: RegExp[]) => (name: string) =>
  patterns.some((pattern) => pattern.test(name));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The packages the files under `dirs` import (bare specifiers, reduced to the package name). */
function importedPackages(...dirs: string[]): Set<string> {
  const found = new Set<string>();
  const builtins = new Set(builtinModules);
  for (const file of dirs.flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"\s]+)['"]/g)) {
      if (specifier === undefined || specifier.startsWith('.') || specifier.startsWith('node:'))
        continue;
      const parts = specifier.split('/');
      const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
      if (!builtins.has(name)) found.add(name);
    }
  }
  return found;
}

describe('dependency split', () => {
  it('declares the server as a workspace of the root package', () => {
    expect(desktop.workspaces).toContain('src/server');
    expect(server.name).toBe('@profile-softphone/server');
  });

  it("keeps the server's packages out of the desktop app and React out of the server", () => {
    expect(deps(desktop).filter(matches(SERVER_ONLY))).toEqual([]);
    expect(Object.keys(desktop.devDependencies ?? {}).filter(matches(SERVER_ONLY))).toEqual([]);
    expect(
      [...deps(server), ...Object.keys(server.devDependencies ?? {})].filter(matches(DESKTOP_ONLY)),
    ).toEqual([]);
  });

  it('declares every package the desktop code imports in the desktop package', () => {
    const imported = importedPackages('src/main', 'src/preload', 'src/renderer', 'src/shared');
    // Electron itself is the runtime (a dev dependency, as electron-builder wants).
    imported.delete('electron');
    expect([...imported].filter((name) => !deps(desktop).includes(name)).sort()).toEqual([]);
    expect([...imported].filter(matches(SERVER_ONLY))).toEqual([]);
  });

  it('declares every package the server code imports in the server package', () => {
    const imported = importedPackages('src/server', 'src/shared');
    expect([...imported].filter((name) => !deps(server).includes(name)).sort()).toEqual([]);
    expect([...imported].filter(matches(DESKTOP_ONLY))).toEqual([]);
  });

  it('pins a package the two sides share to the same range', () => {
    for (const name of deps(server).filter((name) => deps(desktop).includes(name))) {
      expect(server.dependencies![name], name).toBe(desktop.dependencies![name]);
    }
  });
});
