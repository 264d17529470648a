import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The domain holds the rules; I/O and frameworks stay outside (STYLE.md).
const FORBIDDEN = [
  /^@prisma\//,
  /^prisma$/,
  /^express/,
  /^@oclif\//,
  /^oclif$/,
  /^next(\/|$)/,
  /^react(-dom)?(\/|$)/,
  /^tar$/,
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?child_process$/,
  /^better-sqlite3$/,
  /^pg$/,
  /^@edms\//,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s+['"]([^'"]+)['"]/gm];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) specifiers.push(match[1] as string);
  }
  return specifiers;
}

describe('domain purity', () => {
  it('imports no framework, database driver, archive library, fs or child_process', () => {
    const root = __dirname;
    const offenders: string[] = [];
    for (const file of sourceFiles(root)) {
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        if (FORBIDDEN.some((rule) => rule.test(specifier))) offenders.push(`${relative(root, file)} imports ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('recognises every spelling of a forbidden import', () => {
    const sample = `import fs from 'node:fs';\nconst cp = require("child_process");\nconst p = import('@prisma/client');\nimport 'express';`;
    const found = importsOf(sample).filter((s) => FORBIDDEN.some((rule) => rule.test(s)));
    expect(found).toEqual(['node:fs', '@prisma/client', 'child_process', 'express']);
  });
});
