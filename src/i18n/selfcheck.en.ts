/** The kernel self-check table in Diagnostics (src/ui/SelfCheckPanel.tsx). Kernel names and "what" stay as the engine writes them. */
export default {
  selfCheck: {
    title: 'Kernel self-check',
    allPass: 'all {{total}} kernel checks pass',
    someFail: '{{failed}} of {{total}} kernel checks FAIL',
    running: 'running…',
    col: { kernel: 'kernel', what: 'what', error: 'max |GPU − CPU|', tolerance: 'tolerance', ms: 'ms', result: 'result' },
    pass: 'pass',
    fail: 'FAIL',
  },
};
