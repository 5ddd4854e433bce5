// Bootstraps the page and the one engine bridge.
import './app/style.css';
import { App } from './app/app';
import { EngineBridge } from './engine/bridge';
import { makeWorker } from './engine/make-worker';

const bridge = new EngineBridge(makeWorker);
const app = new App(bridge);
void app.start();
