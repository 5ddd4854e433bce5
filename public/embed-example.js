// The example host's script (a file, not inline, so the host CSP needs no 'unsafe-inline' for scripts).
// Form 1 listens to the element's events; form 2 drives the iframe through the postMessage API.
const elementEvents = document.getElementById('element-events');
const element = document.getElementById('element');
element.addEventListener('riskdial-ready', () => { elementEvents.textContent = 'ready'; });
element.addEventListener('riskdial-result', (e) => {
  elementEvents.textContent = `result: ${e.detail.strategies.length} strategies`;
});
element.addEventListener('riskdial-error', (e) => { elementEvents.textContent = `error: ${e.detail.message}`; });

// The iframe: this page's own origin is passed as parentOrigin, so the app accepts messages only from here
// and sends results only here; the theme travels as rd-* parameters (custom properties cannot cross into
// another document). The URL is relative, so the example works under any path.
const frame = document.getElementById('frame');
const appOrigin = location.origin;
const params = new URLSearchParams({
  embed: '1', parentOrigin: location.origin,
  'rd-accent': '#8e24aa', 'rd-focus': '#6a1b9a', 'rd-font': "Georgia, 'DejaVu Serif', serif", 'rd-radius': '14px',
});
frame.src = new URL(`index.html?${params}`, location.href).href;

const log = document.getElementById('frame-log');
const say = (text) => {
  const li = document.createElement('li');
  li.textContent = text;
  log.append(li);
  li.scrollIntoView({ block: 'nearest' });
};
let nextId = 1;
const send = (msg) => frame.contentWindow.postMessage({ ...msg, id: nextId++ }, appOrigin);

window.addEventListener('message', (event) => {
  // accept only the iframe's window on the expected origin
  if (event.source !== frame.contentWindow || event.origin !== appOrigin) return;
  const m = event.data;
  if (m?.type === 'riskdial:ready') say('ready');
  else if (m?.type === 'riskdial:result') {
    const names = m.result.strategies.map((s) => s.name).join(', ');
    say(`result${m.id ? ` (reply to #${m.id})` : ''}: ${m.result.strategies.length} strategies (${names})`);
  } else if (m?.type === 'riskdial:error') say(`error (${m.request ?? ''}): ${m.error.code}: ${m.error.message}`);
});

document.getElementById('frame-file').addEventListener('change', async (e) => {
  const files = await Promise.all([...e.target.files].map(async (f) => ({ name: f.name, text: await f.text() })));
  e.target.value = '';
  if (files.length) send({ type: 'riskdial:load-data', files });
});
document.getElementById('frame-sample').addEventListener('click', async () => {
  const text = await (await fetch('data/sample_prices.csv')).text();
  send({ type: 'riskdial:load-data', files: [{ name: 'sample_prices.csv', text }] });
});
document.getElementById('frame-scenario').addEventListener('click', () => {
  send({
    type: 'riskdial:set-scenario',
    scenario: {
      version: 1,
      benchmark: { name: 'SIM bond index', weights: { SIM_BOND_INDEX: 1 } },
      costs: { fee_ann: 0.005 },
      strategies: [{ name: 'Static 60/40', type: 'static', weights: { SIM_EQUITY_INDEX: 0.6, SIM_BOND_INDEX: 0.4 } }],
    },
  });
});
document.getElementById('frame-results').addEventListener('click', () => send({ type: 'riskdial:get-results' }));
