/** The error screen (src/ui/ErrorBoundary.tsx): what a student sees instead of a blank page; the GPU memory counters (src/ui/GpuMemory.tsx). */
export default {
  recovery: {
    title: 'The page hit an error it did not expect',
    body: 'Something in the playground failed while drawing the page: {{message}}. Your saved runs are still in this browser.',
    afresh: 'Start afresh',
    afreshHint: 'Reloads the page with a fresh run. The runs you kept stay in the library.',
    export: 'Export what was saved',
    exportHint: 'Downloads the current run (with its statistics and weights) and any damaged records, as files you can import again.',
    exported_one: 'Downloaded {{count}} file: {{names}}.',
    exported_other: 'Downloaded {{count}} files: {{names}}.',
    nothing: 'Nothing was saved in this browser yet.',
    exportFailed: 'The export failed too: {{reason}}',
    details: 'Details for a bug report',
  },
  gpuMemory: {
    title: 'GPU memory held by the engine',
    counters: '{{inUse}} in use, {{free}} kept free for reuse; {{created}} created in {{buffers}} buffers since the page opened.',
    why: 'Buffers are recycled by size: once the shapes of a run have been seen, an iteration creates nothing new, so these numbers stay flat while a run goes on. A number that keeps growing is a leak.',
  },
};
