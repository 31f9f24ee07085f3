/** Strings of the course bridges (issue #16): TRL export, offline app, embed mode (src/ui/bridge/). */
export default {
  bridge: {
    trl: 'Export to TRL',
    trlHint: 'A zip to continue this run in TRL on a real model: train.py, a notebook, the prompts, preference pairs (with the class’s own labels) and the gold scorer as a Python reward function.',
    trlFailed: 'Could not export to TRL: {{reason}}',
    offlineReady: 'Saved for offline use: this page now works without a network.',
    updateWaiting: 'A new version of the playground is ready.',
    updateNow: 'Reload to update',
    updateAfterRun: 'Update after the run stops',
    openFull: 'Open the full playground ↗',
  },
};
