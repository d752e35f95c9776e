// Every benchmark in turn, even when one misses a target; exits non-zero when any did.
import { spawnSync } from 'node:child_process';

const SUITES = ['run.js', 'gateway.js', 'relay.js', 'discovery.js', 'scanner.js', 'control-plane.js'];
const failed = [];
for (const file of SUITES) {
  console.log(`\n## bench/${file}\n`);
  const r = spawnSync(process.execPath, [new URL(file, import.meta.url).pathname], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(file);
}
if (failed.length) {
  console.log(`\ntargets missed in: ${failed.join(', ')}`);
  process.exitCode = 1;
}
