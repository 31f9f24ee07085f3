import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Test helpers that run Debian's python3 on the exported files (issue #16: the scripts must compile,
 * and their config keys must exist in TRL). Node-only; imported by tests, never by the app.
 */
export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

export function writeFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trl-export-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export const python = (args: string[], input?: string) => execFileSync(PYTHON, args, { encoding: 'utf8', input });

/**
 * For each source, the keyword arguments of every call to a name ending in "Config" (Python's own
 * parser), e.g. {"GRPOConfig": ["output_dir", "beta", …]}. One python3 process for all; throws on a syntax error.
 */
export function configKeywords(sources: string[]): Record<string, string[]>[] {
  const script = `
import ast, json, sys
result = []
for source in json.load(sys.stdin):
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.endswith("Config"):
            found.setdefault(node.func.id, []).extend(k.arg for k in node.keywords)
    result.append(found)
print(json.dumps(result))
`;
  return JSON.parse(python(['-c', script], JSON.stringify(sources))) as Record<string, string[]>[];
}
