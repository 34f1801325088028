import { runFlows } from './harness.mjs';

runFlows('firefox');
