import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { getScenario } from '../src/engine/data/scenarios';
import { exportCheckpointOnnx } from '../src/engine/onnx/engine-export';
import { decodeModel, encodeModel } from '../src/engine/onnx/onnx-proto';
import { createOrtSession, int64Tensor } from '../src/engine/onnx/ort-session';
import { META } from '../src/engine/onnx/spec';
import { answerTexts, close, openPlayground, pageErrors, stepPhase, values, waitIdle } from './helpers';

// ONNX in the playground (issue 5): the four models download as ONNX files that onnxruntime (wasm,
// here in the test's Node process, independent of the page) runs; the reward model downloaded from
// the app and loaded back as "your own reward model" scores the same rollout as the built-in one
// (onnxruntime-web inside the engine worker, its .wasm served by the app); files that are not a
// usable reward model are refused with a message while the run goes on with its reward source.

const QUERY = '?scenario=reviews&preset=micro&engine=cpu&batchSize=16&seed=7';

async function download(page: Page, role: string): Promise<{ name: string; bytes: Uint8Array }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`onnx-export-${role}`).click()]);
  await waitIdle(page);
  return { name: dl.suggestedFilename(), bytes: new Uint8Array(await readFile((await dl.path())!)) };
}

async function load(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.getByTestId('onnx-reward-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await waitIdle(page);
}

/** Runs an exported model in onnxruntime (Node, wasm) on fixed token ids; returns its one output. */
async function ortRun(bytes: Uint8Array, ids: number[], B: number): Promise<{ name: string; data: Float32Array; dims: readonly number[] }> {
  const session = await createOrtSession(bytes);
  const S = ids.length / B;
  const out = await session.run({ input_ids: int64Tensor(ids, [B, S]), attention_mask: int64Tensor(ids.map(() => 1), [B, S]) });
  await session.release();
  const [name, t] = Object.entries(out)[0];
  return { name, data: t.data as Float32Array, dims: t.dims };
}

const maxAbs = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

test('download the four models as ONNX; the downloaded reward model, loaded back, scores like the built-in one; bad files are refused', async ({ page }) => {
  test.setTimeout(600_000);
  const errors = pageErrors(page);
  const requests: string[] = [];
  page.context().on('request', (r) => requests.push(r.url()));
  await openPlayground(page, QUERY);
  await expect(page.getByTestId('reward-source')).toHaveAttribute('data-kind', 'reward-model');

  // --- Downloads at iteration 0: the reference (and the actor, still equal to it) are the shipped SFT checkpoint.
  const files: Record<string, { name: string; bytes: Uint8Array }> = {};
  for (const role of ['actor', 'critic', 'reward', 'reference']) files[role] = await download(page, role);
  expect(files.actor.name).toBe('rlhf-reviews-micro-actor-iter0.onnx');
  const ids = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 3, 5, 7, 9, 11, 13, 2, 4, 6, 8, 10, 12];
  const B = 2;
  const expectedOutput = { actor: 'logits', critic: 'values', reward: 'score', reference: 'logits' } as const;
  for (const [role, f] of Object.entries(files) as [keyof typeof expectedOutput, { bytes: Uint8Array }][]) {
    const model = decodeModel(f.bytes);
    expect(model.opsetImports.find((o) => o.domain === '')!.version, `${role} opset`).toBeGreaterThanOrEqual(17);
    expect(model.graph.inputs.map((i) => i.name), role).toEqual(['input_ids', 'attention_mask']);
    expect(JSON.parse(new Map(model.metadata).get(META.vocab)!), `${role} vocabulary`).toEqual([...getScenario('reviews').tokenizer.vocab]);
    const out = await ortRun(f.bytes, ids, B);
    expect(out.name, role).toBe(expectedOutput[role]);
    expect(out.data.every(Number.isFinite), role).toBe(true);
  }
  const shipped = exportCheckpointOnnx(new Uint8Array(await readFile('public/models/reviews/micro/sft.ckpt')));
  const fromCheckpoint = await ortRun(shipped.onnx, ids, B);
  const reference0 = await ortRun(files.reference.bytes, ids, B);
  expect(maxAbs(reference0.data, fromCheckpoint.data), 'downloaded reference = shipped SFT checkpoint').toBe(0);
  expect(maxAbs((await ortRun(files.actor.bytes, ids, B)).data, fromCheckpoint.data), 'actor = reference before PPO').toBe(0);

  // --- One iteration with the built-in reward model: its scores on this rollout.
  await stepPhase(page, 'sample');
  const texts = await answerTexts(page);
  await stepPhase(page, 'feedback');
  await expect(page.getByTestId('fb-source')).toHaveAttribute('data-kind', 'reward-model');
  const builtIn = await values(page, '[data-testid=fb-score]');
  expect(builtIn.size).toBeGreaterThan(0);
  await stepPhase(page, 'learn');

  // After one PPO update the downloaded actor carries the new weights; the reference does not move.
  const actor1 = await download(page, 'actor');
  expect(actor1.name).toBe('rlhf-reviews-micro-actor-iter1.onnx');
  expect(maxAbs((await ortRun(actor1.bytes, ids, B)).data, fromCheckpoint.data), 'the actor changed').toBeGreaterThan(1e-6);
  expect(maxAbs((await ortRun((await download(page, 'reference')).bytes, ids, B)).data, fromCheckpoint.data), 'the reference is frozen').toBe(0);

  // --- Bring your own reward model: the app's own reward model as a file, with its head's bias raised
  // by 1 so that its scores are told apart from the built-in ones. Reset: same seed → the same rollout.
  const shifted = decodeModel(files.reward.bytes);
  const bias = shifted.graph.initializers.find((t) => t.name === 'head.b')!;
  bias.raw = bias.raw!.slice(); // decoded tensors are views of the file's bytes
  const b0 = new DataView(bias.raw.buffer, 0, 4);
  b0.setFloat32(0, b0.getFloat32(0, true) + 1, true);
  await load(page, 'my-reward.onnx', encodeModel(shifted));
  await expect(page.getByTestId('reward-source')).toHaveAttribute('data-kind', 'onnx');
  await expect(page.getByTestId('reward-source')).toHaveAttribute('data-name', 'my-reward.onnx');
  await expect(page.getByTestId('onnx-message')).toHaveAttribute('data-kind', 'loaded');
  await expect(page.getByTestId('labeler-onnx-active')).toContainText('my-reward.onnx'); // retraining the RM would not change PPO's scores now
  await page.getByTestId('btn-reset').click();
  await waitIdle(page);
  await expect(page.getByTestId('reward-source')).toHaveAttribute('data-kind', 'onnx'); // kept across the reset
  await stepPhase(page, 'sample');
  expect(await answerTexts(page)).toEqual(texts);
  await stepPhase(page, 'feedback');
  await expect(page.getByTestId('fb-source')).toHaveAttribute('data-kind', 'onnx');
  const byo = await values(page, '[data-testid=fb-score]');
  let worst = 0;
  for (const [b, s] of builtIn) {
    worst = Math.max(worst, Math.abs(s + 1 - byo.get(b)!));
    expect(close(byo.get(b)!, s + 1, 1e-5), `score of answer ${b}: ONNX ${byo.get(b)} vs built-in ${s} + 1`).toBe(true);
  }
  console.log(`[onnx playground] ${builtIn.size} scores, ONNX reward model (onnxruntime-web wasm in the worker) − 1 vs built-in: max |Δ| ${worst.toExponential(2)}`);

  // --- Refusals: each leaves the run and its reward source as they were.
  const refused = async (name: string, bytes: Uint8Array, says: RegExp) => {
    await load(page, name, bytes);
    const msg = page.getByTestId('onnx-message');
    await expect(msg).toHaveAttribute('data-kind', 'refused');
    await expect(msg).toContainText(name);
    await expect(msg).toContainText(says);
    await expect(page.getByTestId('reward-source')).toHaveAttribute('data-name', 'my-reward.onnx');
    await expect(page.getByTestId('engine-error')).toHaveCount(0);
  };
  await refused('garbage.onnx', new TextEncoder().encode('this is not an ONNX model, just text'), /not an ONNX model/);
  await refused('empty.onnx', new Uint8Array(0), /empty/);
  await refused('actor-as-reward.onnx', files.actor.bytes, /Output "logits"/);
  const swapped = decodeModel(files.reward.bytes);
  const words: string[] = JSON.parse(new Map(swapped.metadata).get(META.vocab)!);
  [words[3], words[4]] = [words[4], words[3]];
  swapped.metadata = swapped.metadata.map(([k, v]) => [k, k === META.vocab ? JSON.stringify(words) : v]);
  await refused('other-vocabulary.onnx', encodeModel(swapped), /[Vv]ocabulary mismatch/);

  // The iteration goes on where it was (feedback done → learning), then back to the built-in reward model.
  await stepPhase(page, 'learn');
  await page.getByTestId('onnx-reward-detach').click();
  await waitIdle(page);
  await expect(page.getByTestId('reward-source')).toHaveAttribute('data-kind', 'reward-model');
  await expect(page.getByTestId('labeler-onnx-active')).toHaveCount(0);
  await stepPhase(page, 'sample');
  await stepPhase(page, 'feedback');
  await expect(page.getByTestId('feedback-panel')).toHaveAttribute('data-state', 'ready');

  const wasm = requests.filter((u) => u.endsWith('.wasm'));
  expect(wasm.length, `onnxruntime fetched its wasm from the app: ${requests.filter((u) => /ort/.test(u)).join(', ')}`).toBeGreaterThan(0);
  expect(requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('blob:') && !u.startsWith('data:')), 'requests outside the app').toEqual([]);
  expect(errors).toEqual([]);
});
