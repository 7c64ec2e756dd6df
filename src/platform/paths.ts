// Locates files shipped with the package (sql/, .data/) whether running from src/ (tests) or dist/ (built).

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The directory holding this project's package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'sql'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the project root (package.json next to sql/).');
    dir = parent;
  }
  root = dir;
  return dir;
}

/** Resolves a path relative to the project root unless it is already absolute. */
export function fromRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.join(packageRoot(), p);
}
