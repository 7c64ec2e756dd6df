// The data layer knows no MCP tool names: every tool name declared under src/protocol/tools is absent from every
// source file under src/data (messages and next steps there describe the fix; callers add tool-specific wording).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Tool names as the protocol layer declares them: `name: 'x_y'` or `const X_Y = 'x_y'`. */
function declaredToolNames(): Set<string> {
  const names = new Set<string>();
  const declaration = /(?:\bname:\s*|\bconst\s+[A-Z][A-Z0-9_]*\s*=\s*)'([a-z][a-z0-9]*(?:_[a-z0-9]+)+)'/g;
  for (const file of sourceFiles(path.join(root, 'src/protocol/tools'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(declaration)) if (m[1]) names.add(m[1]);
  }
  return names;
}

describe('src/data', () => {
  it('mentions no MCP tool name', () => {
    const names = declaredToolNames();
    // The five tools of today; fewer means the declarations changed shape and this test must follow them.
    expect(names.size).toBeGreaterThanOrEqual(5);
    const found: string[] = [];
    for (const file of sourceFiles(path.join(root, 'src/data'))) {
      const text = readFileSync(file, 'utf8');
      for (const name of names) if (text.includes(name)) found.push(`${path.relative(root, file)}: ${name}`);
    }
    expect(found).toEqual([]);
  });
});
