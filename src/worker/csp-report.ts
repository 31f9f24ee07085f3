/// <reference lib="webworker" />
/**
 * A worker gets the Content-Security-Policy of its own response, and its violations are not logged
 * by the browser the way the page's are: say them on the console, where a developer (and the CSP
 * browser test, e2e/csp.spec.ts) sees them.
 */
export function reportCspViolations(scope: WorkerGlobalScope): void {
  scope.addEventListener('securitypolicyviolation', (event) => {
    const e = event as SecurityPolicyViolationEvent;
    console.error(`Content-Security-Policy violation in a worker: ${e.violatedDirective} blocked ${e.blockedURI || 'an inline or eval use'} (${e.sourceFile}:${e.lineNumber})`);
  });
}
