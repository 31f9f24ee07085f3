import { currentRunId } from './library-store';
import { quarantineExported, runExported } from './library-actions';
import { nextStartFresh } from './persistence';

/**
 * What the error screen (src/ui/ErrorBoundary.tsx) can still do when the page failed to draw:
 * the state and the engine live outside React, so the saved run can be exported and a fresh run
 * started even though no panel can be shown.
 */

/** The current run as a run file (importable again) and any damaged records kept aside. */
export async function savedRunsExported(): Promise<{ text: string; filename: string }[]> {
  const files: { text: string; filename: string }[] = [];
  const id = currentRunId();
  const run = id ? await runExported(id) : null;
  if (run) files.push(run);
  const damaged = await quarantineExported();
  if (damaged) files.push(damaged);
  return files;
}

/** Reloads the page with a fresh run (the library keeps every run). */
export function startedAfresh(): void {
  nextStartFresh();
  window.location.reload();
}
