// The playground's entry point: mounts the React app into index.html's #root.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserMachine } from '../engine/machine/browser/browser-machine';
import defaultScenarioText from '../engine/machine/scenarios/two-kernels.json?raw';
import { App } from './App';
import { bootEarly, takeEarlyStart } from './early-start';
import { kernelsKnownAtLoad } from './page-scenario';
import { usePlayground } from './store';
import { loadTerminal } from './terminal/TerminalPanel';
import { applyTheme } from './theme/theme';
import './styles.css';

applyTheme(); // index.html set it already; this makes sure, should that script not have run
// the hart compiles and the default scenario's workers start while React renders the page
// (index.html started them already, where it could)
const kernels = kernelsKnownAtLoad(location.hash, defaultScenarioText);
BrowserMachine.warmUp(kernels, takeEarlyStart());
// and a page without a link boots the default scenario at once, not after React's first render
if (kernels > 0 && globalThis.crossOriginIsolated) {
  const { speed, running } = usePlayground.getState();
  bootEarly({ scenarioText: defaultScenarioText, speed, running, cores: navigator.hardwareConcurrency });
}
// the terminal's code (a chunk of its own) loads meanwhile: the first prompt needs it
if (globalThis.crossOriginIsolated) void loadTerminal();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
