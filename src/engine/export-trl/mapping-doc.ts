import { DEFAULT_PPO, type PpoConfig } from '../rl/ppo-config';
import { TRL_CLASSES, TRL_RULES, TRL_TRAINERS } from './mapping';

/**
 * The mapping table of docs/trl-export.md, generated from the rules the export itself uses
 * (mapping.ts), so the documentation cannot drift: one row per playground setting, one column per
 * TRL trainer; a cell is the TRL field and how its value is formed, or "—" and why there is none.
 */
export function trlMappingTable(): string {
  const head = `| playground setting | ${TRL_TRAINERS.map((t) => `${TRL_CLASSES[t].config}`).join(' | ')} |`;
  const rows = (Object.keys(DEFAULT_PPO) as (keyof PpoConfig)[]).map((key) => {
    const cells = TRL_TRAINERS.map((t) => {
      const { rules, why } = TRL_RULES[t];
      const mapped = rules.filter((r) => r.from.includes(key)).map((r) => `\`${r.field}\` = ${r.expr}${r.note ? ` (${r.note})` : ''}`);
      const reason = why[key];
      const parts = [...mapped, ...(reason ? [mapped.length ? `otherwise — ${reason}` : `— ${reason}`] : [])];
      return parts.join('; ').replace(/\|/g, '\\|');
    });
    return `| \`${key}\` | ${cells.join(' | ')} |`;
  });
  const fixed = TRL_TRAINERS.map((t) => {
    const f = TRL_RULES[t].rules.filter((r) => r.from.length === 0).map((r) => `\`${r.field}\` = ${r.expr}`);
    return `${TRL_CLASSES[t].config}: ${f.join(', ') || '—'}`;
  });
  return [head, `| --- | ${TRL_TRAINERS.map(() => '---').join(' | ')} |`, ...rows, '', `Always written: ${fixed.join('; ')}; and \`output_dir\`, \`report_to="none"\`, \`logging_steps=1\`.`].join('\n');
}
