// MiniBrowser has no headless mode: run this under Xvfb (`xvfb-run -a`).
import { runFlows } from './harness.mjs';

runFlows('webkit');
