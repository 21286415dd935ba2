// `npm start`: the main job. Checks the example journal and prints what it has (not) learned.
import { spawnSync } from 'node:child_process';

const cli = ['dist/cli.js'];
const journal = 'examples/journal';
const run = (args) => spawnSync(process.execPath, [...cli, ...args], { stdio: 'inherit' }).status;

console.log(`$ experiment-journal check ${journal}`);
const checkStatus = run(['check', journal]);
console.log(`\n$ experiment-journal report ${journal}`);
run(['report', journal]);
// The example journal holds deliberately incomplete notes, so check exits 1 there: that is the demo
// working, not failing. Anything else (2: usage or configuration error) is a real failure.
process.exit(checkStatus === 2 ? 2 : 0);
