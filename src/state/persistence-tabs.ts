/**
 * Two tabs, one library (issue #13, item 4). Each tab holds a Web Lock per run it has open, so
 * another tab can tell — and the browser releases it when the tab closes or crashes. A tab never
 * writes a run another tab holds: it continues a copy instead, and says so (persistence.ts). A
 * BroadcastChannel tells the other tabs when the library changed, so their lists stay current.
 */
const LOCK_PREFIX = 'rlhf-playground-run:';
const held = new Map<string, () => void>();

type Locks = { request: LockManager['request']; query: LockManager['query'] };
const locks = (): Locks | null => (globalThis.navigator as Navigator | undefined)?.locks ?? null;

/**
 * Takes run `id` for this tab. false: another tab holds it. Without Web Locks (old browsers, unit
 * tests) the tab is taken to be the only one.
 */
export async function claimRun(id: string): Promise<boolean> {
  if (held.has(id)) return true;
  const l = locks();
  if (!l) return true;
  return new Promise<boolean>((resolve) => {
    l.request(`${LOCK_PREFIX}${id}`, { ifAvailable: true }, (lock) => {
      if (!lock) {
        resolve(false);
        return undefined;
      }
      resolve(true);
      return new Promise<void>((release) => held.set(id, release)); // held until releaseRun
    }).catch(() => resolve(true));
  });
}

export function releaseRun(id: string): void {
  held.get(id)?.();
  held.delete(id);
}

/** Ids of the runs other tabs hold now. */
export async function runsHeldElsewhere(): Promise<Set<string>> {
  const l = locks();
  if (!l) return new Set();
  const q = await l.query();
  return new Set((q.held ?? []).map((x) => x.name ?? '').filter((n) => n.startsWith(LOCK_PREFIX) && !held.has(n.slice(LOCK_PREFIX.length))).map((n) => n.slice(LOCK_PREFIX.length)));
}

export type TabMessage = { type: 'library-changed' } | { type: 'run-copied'; from: string; to: string; at: number };

const channel: BroadcastChannel | null = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('rlhf-playground-runs');
// Node (unit tests) has BroadcastChannel too: never keep its event loop alive for it.
(channel as unknown as { unref?: () => void } | null)?.unref?.();

export function tellOtherTabs(m: TabMessage): void {
  channel?.postMessage(m);
}

export function onOtherTab(listener: (m: TabMessage) => void): void {
  channel?.addEventListener('message', (ev: MessageEvent<TabMessage>) => listener(ev.data));
}
