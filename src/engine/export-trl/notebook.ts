import type { ScriptSection } from './train-script';
import { TRL_REQUIREMENT } from './train-script';

/**
 * train.ipynb: the same sections as train.py, one code cell each after a markdown heading, plus the
 * install cell (nbformat 4; issue #16). Cells keep the script's text, so the two cannot disagree.
 */
export function notebook(title: string, sections: ScriptSection[]): string {
  const lines = (text: string) => text.split('\n').map((l, i, all) => (i < all.length - 1 ? `${l}\n` : l));
  const markdown = (text: string) => ({ cell_type: 'markdown', metadata: {}, source: lines(text) });
  const code = (text: string) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: lines(text) });
  const cells = [
    markdown(`# ${title}\n\nExported by RLHF Playground. Run the cells in order from this folder (it holds \`data/\`); see README.md for what to compare.`),
    code(`%pip install "${TRL_REQUIREMENT}" datasets`),
    ...sections.flatMap((s) => [markdown(`## ${s.title}`), code(s.code)]),
  ];
  const nb = {
    cells,
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 4,
  };
  return JSON.stringify(nb, null, 1) + '\n';
}
