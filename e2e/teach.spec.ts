import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import algosEn from '../src/i18n/algos.en';
import lessonsEn from '../src/i18n/lessons.en';
import storyEn from '../src/i18n/story.en';
import storyZh from '../src/i18n/story.zh';
import { iteration, openPlayground, pageErrors, stepPhase, waitIdle } from './helpers';

/**
 * The guided layer (issue #10): the story at the top, the narration after each phase, the glossary,
 * the first-visit tour, and a walk-through of every lesson (open lesson=<id>, follow its steps, see
 * its texts). Lessons run here on the micro model (the link's preset wins over the lesson's): these
 * tests check the texts and the flow; the lessons' claims are proven headless on their own settings
 * (src/lessons/proofs/).
 */
const FAST = '&preset=micro&engine=cpu&batchSize=8';
const L = { ...lessonsEn.lessons, ...algosEn.lessons } as unknown as Record<string, { title: string; goal: string; watch: string; closing: string; questions: Record<string, string>; steps: Record<string, string> }>;

async function shots(page: Page, testInfo: TestInfo, name: string, locator: string): Promise<void> {
  await page.locator(locator).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
}

async function seriousA11y(page: Page, include: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include(include).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.describe('story, narration and glossary', () => {
  test('the story says where the run is and jumps to panels; each phase ends with a narration from its numbers', async ({ page }, testInfo) => {
    const errors = pageErrors(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await openPlayground(page, `?seed=7${FAST}`);
    const story = page.getByTestId('story');
    await expect(story).toHaveAttribute('data-stage', 'ppo');
    await expect(page.getByTestId('story-now')).toContainText('next phase: sampling');
    await expect(page.getByTestId('story-phase-sample')).toHaveAttribute('aria-current', 'step');
    await expect(page.getByTestId('narration')).toContainText(storyEn.narrate.none);
    await shots(page, testInfo, 'story-en-1280', '[data-testid=story]');
    // The four models, and which of them change.
    for (const [model, state] of [['actor', 'changes'], ['critic', 'changes'], ['reward', 'frozen'], ['reference', 'frozen']]) {
      await expect(story.locator(`[data-model=${model}]`)).toHaveClass(state);
    }
    // The scenario card: what the models write, the reward, the gold scorer and why it exists, what it shows.
    const card = page.getByTestId('scenario-card');
    await card.locator('summary').click();
    for (const part of ['writes', 'reward', 'gold', 'shows'] as const) {
      await expect(card.getByTestId(`scenario-card-${part}`)).toHaveText(storyEn.scenarioCard.reviews[part]);
    }
    await shots(page, testInfo, 'scenario-card-en-1280', '[data-testid=scenario-card]');
    await card.locator('summary').click();

    // The SFT / reward-model section is one click away from the top, and so is each phase's panel.
    await page.getByTestId('story-sft').click();
    await expect(page.getByTestId('stages-panel')).toBeInViewport();
    await expect(page.getByTestId('stages-panel')).toBeFocused();
    await page.getByTestId('story-phase-feedback').click();
    await expect(page.getByTestId('feedback-panel')).toBeInViewport();

    const narration = page.getByTestId('narration');
    await stepPhase(page, 'sample');
    await expect(narration).toHaveAttribute('data-event', 'sample');
    const longest = narration.locator('[data-key="sample.longest"]');
    await expect(longest).toContainText('The longest is #');
    // The sentence names a real row: its text is that row's answer in the sampling panel.
    const row = Number((await longest.textContent())!.match(/#(\d+)/)![1]);
    if (row < 8) {
      const text = await page.locator(`[data-testid=sample-row][data-b="${row}"]`).getAttribute('data-text');
      expect((await longest.textContent())!).toContain(text!.split(' ')[0]);
    }
    await expect(page.getByTestId('story-phase-feedback')).toHaveAttribute('aria-current', 'step');
    await stepPhase(page, 'feedback');
    await expect(narration).toHaveAttribute('data-event', 'feedback');
    await expect(narration.locator('[data-key="feedback.klZero"]')).toBeVisible(); // first rollout: actor = reference
    await expect(narration.locator('[data-key="feedback.best"]')).toContainText('The reward model liked #');
    await stepPhase(page, 'learn');
    await expect(narration).toHaveAttribute('data-event', 'learn');
    await expect(narration.locator('[data-key="learn.updates"]')).toContainText('4 epochs × 2 minibatches');
    await shots(page, testInfo, 'narration-en-1280', '[data-testid=narration]');

    await page.getByTestId('lang-select').selectOption('zh');
    await expect(narration).toContainText('刚才发生了什么');
    await expect(narration.locator('[data-key="learn.updates"]')).toContainText('4 轮 × 2 个小批量');
    await shots(page, testInfo, 'narration-zh-1280', '[data-testid=narration]');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shots(page, testInfo, 'story-zh-1280', '[data-testid=story]');
    await expect(page.getByTestId('scenario-card-gold')).toHaveText(storyZh.scenarioCard.reviews.gold);
    expect(await seriousA11y(page, '[data-testid=story]')).toEqual([]);
    expect(await seriousA11y(page, '[data-testid=narration]')).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('hover or focus shows a glossary entry with typeset maths; labels put the friendly name first; the glossary dialog filters', async ({ page }, testInfo) => {
    const external: string[] = [];
    const fonts: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.hostname !== '127.0.0.1' && u.protocol !== 'data:' && u.protocol !== 'blob:') external.push(r.url());
      if (r.resourceType() === 'font') fonts.push(r.url());
    });
    await page.setViewportSize({ width: 1280, height: 720 });
    await openPlayground(page, `?seed=7${FAST}`);
    // Hyperparameter labels: friendly name, key second; focus on the field shows the entry.
    await expect(page.locator('label[for=hp-clipEps]')).toContainText('policy clip · clipEps');
    await page.getByTestId('hp-clipEps').focus();
    const tip = page.getByTestId('term-tip');
    await expect(tip).toHaveAttribute('data-term', 'clipEps');
    await expect(tip).toContainText('Policy clip ε');
    await expect(tip.locator('.katex')).toBeVisible();
    await expect(tip).toContainText('In TRL: cliprange');
    await page.getByTestId('hp-clipEps').press('Escape');
    await expect(tip).toHaveCount(0);

    // Chart legends: "Reward-model score · objective/scores"; hovering one shows its entry.
    await page.getByTestId('btn-step-iteration').click();
    await waitIdle(page);
    const legend = page.getByTestId('chart-scores').locator('.chart-legend li', { hasText: 'Reward-model score · objective/scores' });
    await expect(legend).toBeVisible();
    await legend.locator('[data-testid=term]').hover();
    await expect(tip).toHaveAttribute('data-term', 'score');
    await page.mouse.move(0, 0);

    // The story's model chips: focus by keyboard.
    await page.locator('[data-model=critic] [data-testid=term]').focus();
    await expect(tip).toHaveAttribute('data-term', 'critic');
    await expect(tip.locator('.katex')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('glossary-popup-en-1280.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('[data-model=critic] [data-testid=term]').blur();
    await page.locator('[data-model=critic] [data-testid=term]').focus();
    const box = (await tip.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: testInfo.outputPath('glossary-popup-en-390.png') });
    await page.locator('[data-model=critic] [data-testid=term]').blur();
    await page.setViewportSize({ width: 1280, height: 720 });

    // The whole glossary: every entry, typeset, filterable; Escape closes it.
    await page.getByTestId('glossary-open').click();
    const dialog = page.getByTestId('glossary');
    await expect(dialog).toBeVisible();
    expect(await dialog.getByTestId('glossary-entry').count()).toBeGreaterThan(40);
    await page.getByTestId('glossary-filter').fill('cliprange_value');
    await expect(dialog.getByTestId('glossary-entry')).toHaveCount(1);
    await expect(dialog.getByTestId('glossary-entry')).toHaveAttribute('data-term', 'valueClip');
    await page.getByTestId('glossary-filter').fill('objective/kl');
    await expect(dialog.locator('[data-term=kl]')).toBeVisible();
    expect(await seriousA11y(page, '[data-testid=glossary]')).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    await page.getByTestId('lang-select').selectOption('zh');
    await page.locator('[data-model=actor] [data-testid=term]').focus();
    await expect(tip).toContainText('策略模型');
    await page.screenshot({ path: testInfo.outputPath('glossary-popup-zh-1280.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('[data-model=actor] [data-testid=term]').blur();
    await page.locator('[data-model=actor] [data-testid=term]').focus();
    await page.screenshot({ path: testInfo.outputPath('glossary-popup-zh-390.png') });

    // KaTeX's fonts come from this server: nothing is fetched from anywhere else.
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.startsWith('http://127.0.0.1') && /KaTeX_/.test(f))).toBe(true);
    expect(external).toEqual([]);
  });
});

test.describe('first-visit tour', () => {
  // What a first-time visitor's browser reports (automated browsers skip the automatic start).
  test.beforeEach(async ({ page }) => page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false })));

  test('starts on the first visit, can be skipped, is remembered, and restarts from “?”', async ({ page }, testInfo) => {
    await page.goto(`/?seed=7${FAST}`);
    const popover = page.locator('.driver-popover');
    await expect(popover).toBeVisible({ timeout: 240_000 });
    await expect(popover).toContainText(storyEn.tour.steps.topbar.title);
    await page.screenshot({ path: testInfo.outputPath('tour-1.png') });
    await popover.getByRole('button', { name: storyEn.tour.next }).click();
    await expect(popover).toContainText(storyEn.tour.steps.story.title);
    await page.keyboard.press('Escape'); // skip
    await expect(popover).toHaveCount(0);
    await page.reload();
    await waitIdle(page);
    await expect(page.getByTestId('playground')).toHaveAttribute('data-status', 'ready', { timeout: 240_000 });
    await page.waitForTimeout(1000);
    await expect(popover).toHaveCount(0); // remembered
    await page.getByTestId('tour-button').click();
    await expect(popover).toContainText(storyEn.tour.steps.topbar.title);
    const total = Object.keys(storyEn.tour.steps).length;
    expect(total).toBeGreaterThanOrEqual(5);
    expect(total).toBeLessThanOrEqual(8);
    for (let i = 1; i < total; i++) await popover.getByRole('button', { name: storyEn.tour.next }).click();
    await expect(popover).toContainText(storyEn.tour.steps.help.title);
    await popover.getByRole('button', { name: storyEn.tour.done }).click();
    await expect(popover).toHaveCount(0);
  });
});

/**
 * The story, the lesson panel and the narration on a phone (390×844), in English then 中文: run on
 * the page a walk-through has just finished (one page load less).
 */
async function onAPhone(page: Page, testInfo: TestInfo): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const id of ['story', 'lesson', 'narration']) {
    const box = (await page.getByTestId(id).boundingBox())!;
    expect(box.x + box.width, `${id} is wider than the phone`).toBeLessThanOrEqual(390);
  }
  await shots(page, testInfo, 'lesson-en-390', '[data-testid=lesson]');
  await shots(page, testInfo, 'narration-en-390', '[data-testid=narration]');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shots(page, testInfo, 'story-en-390', '[data-testid=story]');
  // On a phone the settings (language among them) are folded away behind a button.
  await page.getByTestId('topbar-toggle').click();
  await page.getByTestId('lang-select').selectOption('zh');
  await page.getByTestId('topbar-toggle').click();
  await expect(page.getByTestId('narration')).toContainText('刚才发生了什么');
  await shots(page, testInfo, 'narration-zh-390', '[data-testid=narration]');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shots(page, testInfo, 'story-zh-390', '[data-testid=story]');
}

/** Run steps longer than this are started, stopped after their first iteration and skipped: the claims are proven headless. */
const FULL_RUN = 3;

/**
 * Follows a lesson in the page: every step's button (or "next"), voting in the labeler when a step
 * asks for labels, until the closing shows. Long runs are cut short (stop, then skip): the flow and
 * the texts are what this checks.
 */
async function walk(page: Page, id: string): Promise<void> {
  const lesson = page.getByTestId('lesson');
  const texts = L[id];
  await expect(lesson.locator('h2')).toContainText(texts.title);
  await expect(page.getByTestId('lesson-goal')).toHaveText(texts.goal);
  await expect(page.getByTestId('lesson-watch')).toHaveText(texts.watch);
  await expect(page.getByTestId('lesson-questions').locator('li')).toHaveCount(Object.keys(texts.questions).length);
  await expect(page.getByTestId('lesson-differs')).toBeVisible(); // micro, batch 8: not the lesson's own settings
  await expect(page.getByTestId('lesson-closing')).toHaveCount(0);
  const steps = await page.getByTestId('lesson-step').evaluateAll((els) => els.map((e) => e.getAttribute('data-step-id')!));
  for (let i = 0; i < steps.length; i++) {
    await expect(lesson).toHaveAttribute('data-step', String(i));
    const step = page.locator(`[data-testid=lesson-step][data-step-id="${steps[i]}"]`);
    await expect(step).toHaveAttribute('data-state', 'current');
    await expect(step).toContainText(texts.steps[steps[i]]);
    const act = step.getByTestId('lesson-act');
    if (await act.count()) {
      await expect(act).toBeEnabled({ timeout: 240_000 });
      const label = (await act.textContent())!;
      const target = Number(label.match(/^Run to iteration (\d+)$/)?.[1] ?? 0);
      const from = await iteration(page);
      await act.click();
      if (target > FULL_RUN && target > from + 1) {
        // Stopped from the run bar, which stays on screen while the act button scrolls the page to its
        // panel: its Pause stops a lesson step's run. At once (dispatched as soon as the bar shows the run),
        // or a short run (learning-rate's 2 → 6 takes about a second on micro) would end before the click
        // lands. The iteration in flight completes, so it stops at from + 1.
        await page.locator('[data-testid=btn-run][aria-pressed=true]').dispatchEvent('click');
        await expect.poll(() => iteration(page), { timeout: 240_000 }).toBeGreaterThan(from);
        await expect(act).toBeEnabled({ timeout: 240_000 });
        await expect(step).toHaveAttribute('data-state', 'current'); // stopped: not done
        await step.getByTestId('lesson-skip').click();
      } else if (/^Show \d+ pairs to label$/.test(label)) {
        await expect(page.getByTestId('label-pair')).toHaveCount(Number(label.match(/\d+/)![0]), { timeout: 120_000 });
        for (const pair of await page.getByTestId('label-pair').all()) await pair.getByTestId('label-a').click();
      }
    } else {
      await step.getByTestId('lesson-next').click();
    }
    await expect(lesson).toHaveAttribute('data-step', String(i + 1), { timeout: 240_000 });
    await waitIdle(page);
  }
  await expect(lesson).toHaveAttribute('data-finished', 'true');
  await expect(page.getByTestId('lesson-closing')).toContainText(texts.closing);
}

test.describe('lessons: walk-throughs (lesson=<id>, micro model)', () => {
  for (const id of ['first-look', 'kl-penalty', 'reward-hacking', 'whitening-clipping', 'learning-rate', 'verifiable-rewards', 'labeler']) {
    test(id, async ({ page }, testInfo) => {
      const errors = pageErrors(page);
      await page.setViewportSize({ width: 1280, height: 720 });
      await openPlayground(page, `?lesson=${id}${FAST}`);
      await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', id);
      await walk(page, id);
      if (id === 'kl-penalty') {
        // Two runs on every chart, both in the run library: the kept one (β = 0.05) and this one (β = 0).
        await expect(page.getByTestId('chart-kl')).toHaveAttribute('data-runs', '2');
        await expect(page.getByTestId('chart-kl')).toContainText('klCoef=0.05');
        await expect(page.getByTestId('chart-kl')).toContainText('klCoef=0');
      }
      if (id === 'verifiable-rewards') await expect(page.getByTestId('chart-scenario')).toContainText('Accuracy (checker) · objective/accuracy');
      // Measured on this run where it ran long enough (seen or not: these are not the lesson's own settings).
      if (id === 'first-look' || id === 'whitening-clipping' || id === 'labeler') {
        for (const check of await page.getByTestId('lesson-check').all()) await expect(check).not.toHaveAttribute('data-state', 'pending');
      }
      await shots(page, testInfo, `lesson-${id}`, '[data-testid=lesson]');
      expect(await seriousA11y(page, '[data-testid=lesson]')).toEqual([]);
      if (id === 'first-look') await onAPhone(page, testInfo);
      expect(errors).toEqual([]);
    });
  }

  // The algorithm lessons (docs/algorithms.md) walked in one test: their flow and texts, not their claims.
  test('keep-language, ppo-vs-grpo, dpo-class-labels', async ({ page }) => {
    test.setTimeout(480_000);
    const errors = pageErrors(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const id of ['keep-language', 'ppo-vs-grpo', 'dpo-class-labels']) {
      await openPlayground(page, `?lesson=${id}${FAST}`);
      await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', id);
      await walk(page, id);
    }
    expect(errors).toEqual([]);
  });

  test('an unknown lesson in the link is reported; the picker opens a lesson with its settings and puts it in the link; leaving keeps the run', async ({ page }) => {
    await openPlayground(page, `?lesson=nope&seed=7${FAST}`);
    await expect(page.getByTestId('notices')).toContainText('lesson=nope is not a lesson');
    await expect(page.getByTestId('lesson')).toHaveCount(0);
    await page.getByTestId('lesson-select').selectOption('reward-hacking');
    await expect(page.getByTestId('lesson')).toHaveAttribute('data-lesson', 'reward-hacking');
    await waitIdle(page);
    await expect(page.getByTestId('scenario-select')).toHaveValue('reward-hacking');
    await expect(page.getByTestId('preset-select')).toHaveValue('tiny');
    await expect(page.getByTestId('hp-klCoef')).toHaveValue('0');
    await expect(page.getByTestId('lesson-differs')).toHaveCount(0);
    // The link names the lesson, not its settings (they are the lesson's).
    const q = new URL(page.url()).searchParams;
    expect([q.get('lesson'), q.get('scenario'), q.get('klCoef'), q.get('seed'), q.get('preset')]).toEqual(['reward-hacking', null, null, null, null]);
    await page.getByTestId('lesson-leave').click();
    await expect(page.getByTestId('lesson')).toHaveCount(0);
    expect(new URL(page.url()).searchParams.get('lesson')).toBeNull();
    await expect(page.getByTestId('scenario-select')).toHaveValue('reward-hacking');
  });
});
