/** Python source literals for the generated TRL scripts (issue #16; docs/trl-export.md). */
export type PyValue = number | string | boolean | null | readonly PyValue[];

/** A Python literal: True/False/None, numbers that round-trip (1e-05 stays exact), JSON-escaped strings. */
export function py(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`py: ${v} has no Python literal here`);
    return String(v);
  }
  if (typeof v === 'string') return JSON.stringify(v); // a JSON string is a valid Python string literal
  return `[${v.map(py).join(', ')}]`;
}

/** `# text` lines, wrapped at about 100 columns, with the given indent. */
export function comment(text: string, indent = ''): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent.length + 2 + line.length + 1 + w.length > 100) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${indent}# ${l}`).join('\n');
}
