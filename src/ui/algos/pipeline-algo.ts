import type { TFunction } from 'i18next';
import { isGrpoFamily, usesGroups } from '../../engine/rl/algo-config';
import type { PpoConfig } from '../../engine/rl/ppo-config';

/** A box of the pipeline diagram (PipelineView's shape); `absent`: the model or op is not part of this algorithm. */
export interface PipeBox { x: number; y: number; w: number; label: string; sub?: string; kind: 'model' | 'tensor' | 'op'; absent?: boolean; id?: string }
export interface PipeGroup { phase: 'sample' | 'feedback' | 'learn'; x: number; w: number; boxes: PipeBox[] }
export type PipeArrow = [number, number, number, number];

/** Height of the diagram: one more row when the SFT data box of PTX is drawn. */
const ROW = 56;

/**
 * The pipeline of PPO (PipelineView) redrawn for the chosen algorithm (docs/algorithms.md): which
 * models take part (no critic for GRPO, RLOO, REINFORCE++ and DPO: its boxes stay, greyed, marked
 * "not used"), what replaces GAE (group advantages, REINFORCE++ returns, DPO's pairs), which loss
 * updates the actor, and — with PTX on — the SFT data feeding the actor's update.
 */
export function pipelineForAlgorithm(groups: PipeGroup[], arrows: PipeArrow[], c: PpoConfig, t: TFunction, P: number): { groups: PipeGroup[]; arrows: PipeArrow[]; height: number } {
  const out = groups.map((g) => ({ ...g, boxes: g.boxes.map((b) => ({ ...b })) }));
  const box = (phase: PipeGroup['phase'], y: number, x: number) => out.find((g) => g.phase === phase)!.boxes.find((b) => b.x === x && b.y === y)!;
  const absent = (b: PipeBox, id?: string) => Object.assign(b, { absent: true, sub: t('algos.pipe.absent'), ...(id ? { id } : {}) });
  const { algo } = c;
  const more: PipeArrow[] = [];
  if (algo !== 'ppo') {
    absent(box('feedback', 152, 448), 'critic');
    absent(box('feedback', 124, 540)); // values
    absent(box('learn', 152, 656)); // value loss
    absent(box('learn', 152, 806), 'critic-update');
  }
  const gae = box('learn', 40, 656), whiten = box('learn', 40, 806), loss = box('learn', 96, 656);
  if (usesGroups(algo)) {
    const G = c.num_generations;
    Object.assign(box('sample', 40, 16), { sub: `${c.batchSize / G}×${P} ×${G}` });
    Object.assign(gae, { label: t('algos.pipe.groupAdv'), sub: t('algos.pipe.groupAdvSub', { G }) });
    if (!(algo === 'rloo' && c.normalize_advantages)) absent(whiten);
    Object.assign(loss, { label: t(isGrpoFamily(algo) ? 'algos.pipe.grpoLoss' : 'algos.pipe.rlooLoss'), sub: `ε=${c.clipEps}/${c.epsilon_high}${isGrpoFamily(algo) ? ` · ${c.loss_type}` : ''}` });
  } else if (algo === 'reinforce_pp') {
    Object.assign(gae, { label: t('algos.pipe.returns'), sub: `${c.batchSize}×${c.maxResponseLength} · V ≡ 0` });
  } else if (algo === 'dpo') {
    Object.assign(box('sample', 96, 126), { label: t('algos.pipe.freshAnswers'), sub: t('algos.pipe.measured') });
    absent(box('feedback', 180, 540)); // per-token rewards: DPO has none
    Object.assign(gae, { kind: 'tensor', label: t('algos.pipe.pairs'), sub: t('algos.pipe.pairsSub', { N: c.batchSize, source: t(`algos.pipe.source.${c.dpo_pairs}`) }) });
    absent(whiten);
    Object.assign(loss, { label: t('algos.pipe.dpoLoss'), sub: t('algos.pipe.dpoLossSub', { beta: c.klCoef, type: c.loss_type }) });
  }
  let height = 224;
  if (c.ptxCoef > 0) {
    height += ROW;
    out.find((g) => g.phase === 'learn')!.boxes.push({ x: 656, y: 208, w: 140, label: t('algos.pipe.sftData'), sub: t('algos.pipe.sftDataSub', { B: c.ptxBatchSize, coef: c.ptxCoef }), kind: 'tensor', id: 'ptx' });
    more.push([796, 224, 812, 138]);
  }
  return { groups: out, arrows: [...arrows, ...more], height };
}
