// Bootstraps the page and the one engine bridge.
import './app/style.css';
import { App } from './app/app';
import { EngineBridge } from './engine/bridge';
import { makeWorker } from './engine/make-worker';
import { embedAppOptions, startEmbedMode, isEmbedMode } from './embed/iframe';
import { mountApp } from './embed/app-port';

const bridge = new EngineBridge(makeWorker);
if (isEmbedMode(location.search)) {
  // TEMPORARY (page-embed) until page-app's mountApp lands: the iframe mode mounts the app into <body>
  document.body.replaceChildren();
  document.body.dataset.state = 'ready';
  startEmbedMode(mountApp(document.body, bridge, embedAppOptions(location.search)), bridge);
} else {
  const app = new App(bridge);
  void app.start();
}
