import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { getScenario } from '../engine/data/scenarios';
import { selectActiveConfig, selectActivePhase, selectNextPhase, selectRunningPhase, useRunStore, type PhaseName } from '../state/run-store';
import { pipelineForAlgorithm, type PipeBox } from './algos/pipeline-algo';
import './algos/algos.css';

type Box = PipeBox;

/** Data flow inside each phase (x1, y1, x2, y2); from one phase to the next is the arrow between the drawings. */
const ARROWS: [number, number, number, number][] = [
  [64, 80, 64, 94], [112, 116, 124, 116], [176, 136, 176, 150],
  [344, 60, 350, 60], [440, 60, 446, 60], [344, 116, 350, 116], [440, 116, 446, 116],
  [532, 60, 538, 84], [532, 116, 538, 92], [344, 172, 350, 172], [532, 172, 538, 144],
];

/**
 * The four models and the tensors between them, with their shapes for this run, grouped by the
 * phase that produces them; the phase running (or next) is highlighted.
 */
export function PipelineView() {
  const { t } = useTranslation();
  const cfg = useRunStore((s) => s.rolloutConfig ?? selectActiveConfig(s));
  const next = useRunStore(selectNextPhase);
  // The vocabulary size is known once the models are loaded: until then the shape says V, not 0.
  const V: number | 'V' = useRunStore((s) => s.session?.vocab.length) || 'V';
  const scenarioId = useRunStore((s) => s.scenario);
  const hasRm = getScenario(scenarioId).hasRewardModel;
  const P = getScenario(scenarioId).promptLength;
  const B = cfg.batchSize, T = cfg.maxResponseLength, S = P + T;
  const running = useRunStore(selectRunningPhase);
  // Highlighted: the phase running now, else the one whose results the panels show; the next one is dashed.
  const active = useRunStore(selectActivePhase);
  const ppoGroups: { phase: PhaseName; x: number; w: number; boxes: Box[] }[] = [
    {
      phase: 'sample', x: 4, w: 232, boxes: [
        { x: 16, y: 40, w: 96, label: t('pipe.prompts'), sub: `${B}×${P}`, kind: 'tensor' },
        { x: 16, y: 96, w: 96, label: t('pipe.actor'), sub: 'π_θ', kind: 'model' },
        { x: 126, y: 96, w: 100, label: t('pipe.answers'), sub: `${B}×${T}`, kind: 'tensor' },
        { x: 126, y: 152, w: 100, label: t('pipe.temperature'), sub: `τ = ${cfg.temperature}`, kind: 'op' },
      ],
    },
    {
      phase: 'feedback', x: 244, w: 392, boxes: [
        { x: 256, y: 40, w: 88, label: t('pipe.actor'), sub: 'π_θ', kind: 'model' },
        { x: 352, y: 40, w: 88, label: t('pipe.logits'), sub: `${B}×${S}×${V}`, kind: 'tensor' },
        { x: 448, y: 40, w: 84, label: 'log p', sub: `${B}×${T}`, kind: 'tensor' },
        { x: 256, y: 96, w: 88, label: t('pipe.reference'), sub: 'π_ref', kind: 'model' },
        { x: 352, y: 96, w: 88, label: t('pipe.logits'), sub: `${B}×${S}×${V}`, kind: 'tensor' },
        { x: 448, y: 96, w: 84, label: 'log p_ref', sub: `${B}×${T}`, kind: 'tensor' },
        { x: 540, y: 68, w: 88, label: 'KL', sub: `${B}×${T}`, kind: 'tensor' },
        { x: 256, y: 152, w: 88, label: hasRm ? t('pipe.reward') : t('pipe.checker'), sub: hasRm ? 'r_φ' : 'gold', kind: 'model' },
        { x: 352, y: 152, w: 88, label: t('pipe.score'), sub: `${B}`, kind: 'tensor' },
        { x: 448, y: 152, w: 84, label: t('pipe.critic'), sub: 'V_ψ', kind: 'model' },
        { x: 540, y: 124, w: 88, label: t('pipe.values'), sub: `${B}×${T}`, kind: 'tensor' },
        { x: 540, y: 180, w: 88, label: t('pipe.rewards'), sub: `${B}×${T}`, kind: 'tensor' },
      ],
    },
    {
      phase: 'learn', x: 644, w: 312, boxes: [
        { x: 656, y: 40, w: 140, label: 'GAE → A, R', sub: `${B}×${T} · γ=${cfg.gamma} λ=${cfg.lambda}`, kind: 'op' },
        { x: 806, y: 40, w: 140, label: t('pipe.whiten'), sub: cfg.whitenAdvantages ? `${B}×${T}` : t('pipe.off'), kind: 'op' },
        { x: 656, y: 96, w: 140, label: t('pipe.policyLoss'), sub: `ε=${cfg.clipEps} · ${cfg.epochs}×${cfg.minibatches} mb`, kind: 'op' },
        { x: 806, y: 96, w: 140, label: t('pipe.actorUpdate'), sub: 'π_θ ← AdamW', kind: 'model' },
        { x: 656, y: 152, w: 140, label: t('pipe.valueLoss'), sub: `εv=${cfg.valueClipEps}`, kind: 'op' },
        { x: 806, y: 152, w: 140, label: t('pipe.criticUpdate'), sub: 'V_ψ ← AdamW', kind: 'model' },
      ],
    },
  ];
  // The chosen algorithm's models and ops (GRPO, RLOO, REINFORCE++, DPO; the SFT data of PTX).
  const { groups, arrows, height } = pipelineForAlgorithm(ppoGroups, ARROWS, cfg, t, P);
  return (
    <section className="card pipeline" aria-label={t('pipe.title')} data-testid="pipeline" data-phase={active ?? ''} data-next={running ? '' : next} data-algo={cfg.algo} data-ptx={cfg.ptxCoef > 0}>
      <h2>{t('pipe.title')}</h2>
      {/* One drawing per phase: side by side on a wide screen, stacked on a phone, each at a legible size. */}
      <div className="pipe-groups" role="img" aria-label={t('pipe.svgLabel', { phase: t(`phase.${running ?? next}`) })}>
        {groups.map((g, gi) => (
          <Fragment key={g.phase}>
            {gi > 0 && <span className="pipe-link" aria-hidden="true">→</span>}
            <svg viewBox={`${g.x - 2} 0 ${g.w + 4} ${height}`} style={{ flexGrow: g.w + 4, ['--pipe-w' as string]: `${g.w + 4}px` }} aria-hidden="true"
              className={`pipe-group ${g.phase === active ? 'active' : ''} ${!running && g.phase === next ? 'next' : ''}`} data-testid={`pipe-${g.phase}`} data-active={g.phase === active}>
              <defs>
                <marker id={`pipe-arrow-${g.phase}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                  <path d="M 0 0 L 10 5 L 0 10 z" className="pipe-arrowhead" />
                </marker>
              </defs>
              <rect x={g.x} y={4} width={g.w} height={height - 8} rx={10} className="pipe-frame" />
              <text x={g.x + 10} y={24} className="pipe-title">{t(`phase.${g.phase}`)}</text>
              {g.boxes.map((b, i) => (
                <g key={i} className={`pipe-${b.kind} ${b.absent ? 'pipe-absent' : ''}`} data-testid={b.id ? `pipe-box-${b.id}` : undefined} data-absent={b.absent ? true : undefined}>
                  <rect x={b.x} y={b.y} width={b.w} height={40} rx={b.kind === 'tensor' ? 20 : 6} />
                  <text x={b.x + b.w / 2} y={b.y + 17} textAnchor="middle" className="pipe-label">{b.label}</text>
                  {b.sub && <text x={b.x + b.w / 2} y={b.y + 32} textAnchor="middle" className="pipe-sub">{b.sub}</text>}
                </g>
              ))}
              {arrows.filter(([x1, , x2]) => x1 >= g.x && x2 <= g.x + g.w).map(([x1, y1, x2, y2], i) => (
                <line key={i} x1={x1} y1={y1} x2={x2} y2={y2} className="pipe-arrow" markerEnd={`url(#pipe-arrow-${g.phase})`} />
              ))}
            </svg>
          </Fragment>
        ))}
      </div>
    </section>
  );
}
