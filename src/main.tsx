import './state/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { languageChanged, setupI18n } from './i18n';
import { browserLang } from './i18n/browser-lang';
import { appStarted, deviceLossSimulated, gpuMemoryRead } from './state/engine-actions';
import { replayOpened } from './state/replay-actions';
import { lessonLinked } from './state/lesson-actions';
import { parseLink } from './state/url';
import { useViewStore } from './state/view-store';
import { offlineAppStarted } from './state/pwa';
import { parseEmbed, useEmbedStore } from './state/embed';
import { App } from './ui/App';
import { renderCrashRequested } from './ui/crash-probe';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The link decides everything reproducible; a malformed one gives notices and defaults, never a blank page.
const { settings, problems } = parseLink(window.location.search);
useEmbedStore.setState(parseEmbed(window.location.search, problems)); // embed=1, hide=…
const lang = settings.lang ?? browserLang(navigator.languages?.length ? navigator.languages : [navigator.language ?? 'en']);
useViewStore.setState({ view: settings.view, lang, projector: settings.projector, colourSafe: settings.colourSafe, debug: settings.debug });
setupI18n(lang);
lessonLinked(settings.lesson ?? null);
languageChanged(lang);

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void offlineAppStarted(); // the offline app's service worker (built app only)

// debug=1: hooks for the tests and for demonstrating recovery in class (a simulated GPU driver reset),
// and the engine's GPU memory (buffer-pool byte counters) for soak checks.
if (settings.debug) (window as unknown as { __rlhf: object }).__rlhf = { loseDevice: deviceLossSimulated, renderCrash: renderCrashRequested, gpuMemory: gpuMemoryRead };

// Started here, not in an effect, so StrictMode's double effects never start two engines.
if (settings.view === 'playground') void (settings.replay ? replayOpened(settings, problems) : appStarted(settings, problems));
