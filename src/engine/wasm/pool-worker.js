// One helper thread of the CPU engine's wasm thread pool (src/engine/wasm/pool.ts). Plain
// JavaScript without imports, so the same file runs as a browser Worker (bundled by Vite) and as a
// Node worker_threads Worker.
//
// Messages: {init: {ctrl, index}} once; {attach: {id, module, memory}} instantiates the kernels on
// an engine's shared memory; {detach: id} forgets one. After a message the thread blocks on the
// control block (`ctrl`, a small shared memory) for jobs until a YIELD job sends it back to its
// event loop to read the next message — unless it has read every message posted so far (word 8
// counts them), which happens when a message arrived before the thread first blocked. Words:
// 0 generation, 1 threads done, 2 kernel index (−1: YIELD), 3 threads taking part, 4 total units,
// 5 split granularity, 6 argument count, 7 memory id, 8 messages posted, 9 + i share i's claim
// (~generation: free, generation: taken; the caller takes the shares no helper has started);
// float64 arguments from byte 64.

const YIELD = -1;

/** Share i of parts of [0, total) in multiples of align (the same function as pool-share.ts). */
function share(total, align, parts, i) {
  const units = Math.ceil(total / align);
  const a = Math.floor((units * i) / parts) * align, b = Math.floor((units * (i + 1)) / parts) * align;
  return [Math.min(a, total), Math.min(b, total)];
}

async function main() {
  const port = typeof self !== 'undefined' && typeof self.postMessage === 'function'
    ? self
    : (await import(/* @vite-ignore */ ['node', 'worker_threads'].join(':'))).parentPort;
  let words = null, args = null, index = 0, lastGen = 0, handled = 0;
  const instances = new Map();

  function jobs() {
    for (;;) {
      const gen = Atomics.load(words, 0);
      if (gen === lastGen) {
        Atomics.wait(words, 0, gen);
        continue;
      }
      lastGen = gen;
      const kernel = words[2], parts = words[3];
      if (index >= parts) continue;
      if (kernel !== YIELD) {
        // Read the job, then claim the share: if the claim succeeds the job was still this one
        // (the caller rewrites it only after every share is claimed and done), so what was read holds.
        const fns = instances.get(words[7]), total = words[4], align = words[5];
        const a_ = Array.from(args.subarray(0, words[6]));
        if (Atomics.compareExchange(words, 9 + index, ~gen, gen) !== ~gen) continue; // the caller took it
        const [a, b] = share(total, align, parts, index);
        if (a < b) fns[kernel](...a_, a, b);
      }
      Atomics.add(words, 1, 1);
      Atomics.notify(words, 1);
      if (kernel === YIELD && handled < words[8]) return; // back to the event loop: a message is waiting
    }
  }

  const onMessage = (m) => {
    try {
      if (m.init) {
        words = new Int32Array(m.init.ctrl.buffer, 0, 16);
        args = new Float64Array(m.init.ctrl.buffer, 64, 16);
        index = m.init.index;
        lastGen = m.init.gen;
      } else if (m.attach) {
        const instance = new WebAssembly.Instance(m.attach.module, { env: { memory: m.attach.memory } });
        instances.set(m.attach.id, m.attach.kernels.map((k) => instance.exports[k]));
      } else if (m.detach !== undefined) {
        instances.delete(m.detach);
      }
      handled += 1;
      port.postMessage({ ok: true, id: m.attach ? m.attach.id : undefined });
    } catch (e) {
      port.postMessage({ error: String(e && e.message ? e.message : e) });
    }
    jobs();
  };
  if (port.addEventListener) port.addEventListener('message', (e) => onMessage(e.data));
  else port.on('message', onMessage);
}

main();
