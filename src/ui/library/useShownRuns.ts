import { useMemo } from 'react';
import { distinctLabels } from '../../state/library/naming';
import type { RunSamples } from '../../state/library/record';
import { useLibraryStore } from '../../state/library-store';
import { useRunStore } from '../../state/run-store';

/** A run the charts and the compare view show: the current run (live, from the page) or a kept one (from the library). */
export interface ShownRun {
  id: string;
  name: string;
  /** The name without what every shown run's name has in common (for legends). */
  label: string;
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
  // Field by field: the current run's record changes at every save (savedRows), which must not
  // make every chart recompute its curves.
  const currentId = useLibraryStore((s) => s.current?.id ?? null);
  const currentName = useLibraryStore((s) => s.current?.name ?? '');
  const forkOf = useLibraryStore((s) => s.current?.forkOf ?? null);
  const samples = useLibraryStore((s) => s.current?.samples ?? null);
  const compared = useLibraryStore((s) => s.compared);
  const comparedRuns = useLibraryStore((s) => s.comparedRuns);
  return useMemo(() => {
    const current = currentId === null ? null : { id: currentId, name: currentName, forkOf, samples };
    type Unlabelled = Omit<ShownRun, 'label'> & { parent: string | null };
    const live = (): Omit<Unlabelled, 'forkAt'> => ({
      id: current?.id ?? 'current', name: current?.name ?? '', scenario, history, samples: current?.samples ?? null, isCurrent: true, parent: current?.forkOf?.id ?? null,
    });
    const ids = compared.length ? compared : [current?.id ?? 'current'];
    const runs = ids.flatMap((id): Unlabelled[] => {
      if (id === (current?.id ?? 'current')) return [{ ...live(), forkAt: current?.forkOf?.at ?? null }];
      const r = comparedRuns[id];
      return r ? [{ id, name: r.meta.name, scenario: r.meta.scenario, history: r.history, samples: r.samples, isCurrent: false, parent: r.meta.forkOf?.id ?? null, forkAt: r.meta.forkOf?.at ?? null }] : [];
    });
    const shownIds = new Set(runs.map((r) => r.id));
    const labels = distinctLabels(runs.map((r) => r.name));
    return runs.map(({ parent, ...r }, i) => ({ ...r, label: labels[i], forkAt: parent && shownIds.has(parent) ? r.forkAt : null }));
  }, [history, scenario, currentId, currentName, forkOf, samples, compared, comparedRuns]);
}
