// Bootstraps the page: one engine bridge, the app mounted in #app, options from the URL
// (?scenario=<example id>, ?data=<csv on this origin>, ?locale=de-DE, ?compact=1; #s=<share link scenario>;
// ?shadow=1 mounts the app in a shadow root of #app, as the <riskdial-app> element does: used by the tests;
// ?embed=1 is the iframe mode (web/src/embed/iframe.ts): compact chrome, rd-* theme parameters, postMessage API).
import { mountApp, type AppOptions } from './app/app';
import { EngineBridge } from './engine/bridge';
import { makeWorker } from './engine/make-worker';
import { embedAppOptions, startEmbedMode } from './embed/iframe';
import { scenarioFromFragment } from './state/share';

function optionsFromUrl(): AppOptions {
  const q = new URLSearchParams(location.search);
  const options: AppOptions = { onState: (s) => (document.body.dataset.state = s) };
  try {
    const shared = scenarioFromFragment(location.hash);
    if (shared) options.scenario = shared;
  } catch (e) {
    console.warn(String(e));
  }
  if (!options.scenario && q.get('scenario')) options.scenario = q.get('scenario')!;
  if (q.get('data')) options.dataUrl = q.get('data')!;
  if (q.get('locale')) options.locale = q.get('locale')!;
  if (q.get('compact') === '1') options.compact = true;
  return options;
}

const bridge = new EngineBridge(makeWorker);
const host = document.getElementById('app')!;
const shadow = new URLSearchParams(location.search).get('shadow') === '1';
const app = mountApp(shadow ? host.attachShadow({ mode: 'open' }) : host, bridge, { ...optionsFromUrl(), ...embedAppOptions(location.search) });
startEmbedMode(app, bridge);
// for tests and the console: the app handle (getResults, setScenario, …)
(window as unknown as { riskdial: typeof app }).riskdial = app;
