// The playground's entry point: mounts the React app into index.html's #root.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserMachine } from '../engine/machine/browser/browser-machine';
import defaultScenarioText from '../engine/machine/scenarios/two-kernels.json?raw';
import { App } from './App';
import { kernelsKnownAtLoad } from './page-scenario';
import { applyTheme } from './theme/theme';
import './styles.css';

applyTheme(); // index.html set it already; this makes sure, should that script not have run
// the hart compiles and the default scenario's workers start while React renders the page
BrowserMachine.warmUp(kernelsKnownAtLoad(location.hash, defaultScenarioText));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
