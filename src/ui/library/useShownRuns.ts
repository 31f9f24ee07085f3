import { useMemo } from 'react';
import type { RunSamples } from '../../state/library/record';
import { useLibraryStore } from '../../state/library-store';
import { useRunStore } from '../../state/run-store';

/** A run the charts and the compare view show: the current run (live, from the page) or a kept one (from the library). */
export interface ShownRun {
  id: string;
  name: string;
  scenario: string;
  history: readonly Record<string, number>[];
  /** Where this run split from another shown run (its last shared iteration), for the charts' fork marker. */
  forkAt: number | null;
  samples: RunSamples | null;
  isCurrent: boolean;
}

/** The runs ticked for comparison (in the library's order of ticking), or the current run alone. */
export function useShownRuns(): ShownRun[] {
  const history = useRunStore((s) => s.history);
  const scenario = useRunStore((s) => s.scenario);
  const current = useLibraryStore((s) => s.current);
  const compared = useLibraryStore((s) => s.compared);
  const comparedRuns = useLibraryStore((s) => s.comparedRuns);
  return useMemo(() => {
    const live = (): Omit<ShownRun, 'forkAt'> & { parent: string | null } => ({
      id: current?.id ?? 'current', name: current?.name ?? '', scenario, history, samples: current?.samples ?? null, isCurrent: true, parent: current?.forkOf?.id ?? null,
    });
    const ids = compared.length ? compared : [current?.id ?? 'current'];
    const runs = ids.flatMap((id) => {
      if (id === (current?.id ?? 'current')) return [{ ...live(), forkAt: current?.forkOf?.at ?? null }];
      const r = comparedRuns[id];
      return r ? [{ id, name: r.meta.name, scenario: r.meta.scenario, history: r.history, samples: r.samples, isCurrent: false, parent: r.meta.forkOf?.id ?? null, forkAt: r.meta.forkOf?.at ?? null }] : [];
    });
    const shownIds = new Set(runs.map((r) => r.id));
    return runs.map(({ parent, ...r }) => ({ ...r, forkAt: parent && shownIds.has(parent) ? r.forkAt : null }));
  }, [history, scenario, current, compared, comparedRuns]);
}
