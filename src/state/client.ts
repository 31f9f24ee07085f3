import { useRunStore } from './run-store';
import { EngineClient } from './worker-client';

/**
 * The one engine worker of the page. Replaced (terminated and started afresh) when the engine
 * kind changes or the worker is lost; events from the worker land in the run store.
 */
let client: EngineClient | null = null;
let deviceLostHandler: ((message: string) => Promise<void>) | null = null;

/** What happens when the worker reports a lost GPU device (engine-actions: continue on the CPU engine). */
export function onDeviceLost(handler: (message: string) => Promise<void>): void {
  deviceLostHandler = handler;
}

export function engine(): EngineClient {
  if (!client) throw new Error('the engine worker has not been started');
  return client;
}

export function restartEngine(): EngineClient {
  client?.terminate();
  client = new EngineClient();
  client.onEvent((m) => {
    if (m.type === 'progress') {
      const { type: _type, ...progress } = m;
      useRunStore.setState({ progress });
    } else if (m.type === 'device-lost') {
      if (deviceLostHandler) void deviceLostHandler(m.message);
      else useRunStore.setState({ running: false, error: { kind: 'device-lost', message: m.message }, banner: { kind: 'device-lost', text: m.message } });
    }
  });
  return client;
}
