import { test } from '@playwright/test';
import { labeler, phaseByPhase, reloadKeeps, runAndTweak, sharedLink } from './flows';
import { pageErrors } from './helpers';
import { expect } from '@playwright/test';

// The playground on the GPU engine, chosen explicitly (engine=gpu): the software adapter is a
// fallback adapter, where the CPU engine would otherwise be the default.
test.describe('playground on the GPU engine', () => {
  // SwiftShader runs WGSL on the CPU: an iteration takes seconds, more when the machine is busy.
  test.describe.configure({ timeout: 360_000 });
  test('one iteration phase by phase shows the engine’s numbers', async ({ page }, testInfo) => {
    const errors = pageErrors(page);
    await phaseByPhase(page, testInfo, 'gpu');
    expect(errors).toEqual([]);
  });

  test('running adds a chart point per iteration; a hyperparameter change takes effect', async ({ page }, testInfo) => {
    await runAndTweak(page, testInfo, 'gpu');
  });

  test('a shared link reproduces the same first answers', async ({ browser }, testInfo) => {
    await sharedLink(browser, testInfo, 'gpu');
  });

  test('a reload keeps the run', async ({ page }, testInfo) => {
    await reloadKeeps(page, testInfo, 'gpu');
  });

  test('the class labels pairs and the reward model retrains on them', async ({ page }, testInfo) => {
    await labeler(page, testInfo, 'gpu', 20);
  });
});
