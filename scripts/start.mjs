// `npm start`: builds, packages the VSIX and opens examples/journal with the extension installed:
// - in the user's VS Code when `code` is on PATH (`code --install-extension dist/experiment-journal.vsix`, then `code examples/journal`);
// - otherwise in a local code-server (installed by test/e2e/install.sh when missing), printed as a http://127.0.0.1:PORT/?folder=… URL,
//   staying in the foreground until Ctrl-C, which stops code-server's whole process group.
// Options: --code-server (use code-server even when `code` exists), --port N.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, pollUntil, REPO_ROOT, toolPaths } from '../test/e2e/harness/runInCodeServer.mjs';

const { values } = parseArgs({ options: { 'code-server': { type: 'boolean' }, port: { type: 'string' } } });
const journal = path.join(REPO_ROOT, 'examples', 'journal');
const vsix = path.join(REPO_ROOT, 'dist', 'experiment-journal.vsix');

function run(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: REPO_ROOT, ...opts });
  if (r.status !== 0) {
    console.error(`npm start: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
run(npm, ['run', '--silent', 'build']);
run(npm, ['run', '--silent', 'package']);

const hasCode = !values['code-server'] && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  run('code', ['--install-extension', vsix, '--force']);
  run('code', [journal]);
  console.log(`Opened ${path.relative(process.cwd(), journal) || '.'} in VS Code with the Experiment Journal extension.`);
  process.exit(0);
}

// No VS Code on PATH: a local code-server (VS Code in the browser).
let tools;
try {
  tools = toolPaths();
} catch {
  console.log('`code` is not on PATH: installing a local code-server (test/e2e/install.sh, once) …');
  run('bash', [path.join(REPO_ROOT, 'test/e2e/install.sh')]);
  tools = toolPaths();
}
const home = path.join(REPO_ROOT, '.cache', 'start');
const userData = path.join(home, 'user-data');
const extensions = path.join(home, 'extensions');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
const settings = path.join(userData, 'User', 'settings.json');
if (!fs.existsSync(settings)) {
  fs.writeFileSync(settings, JSON.stringify({ 'telemetry.telemetryLevel': 'off', 'chat.disableAIFeatures': true, 'extensions.autoUpdate': false, 'workbench.startupEditor': 'none' }, null, 2));
}
const env = { ...process.env, EXTENSIONS_GALLERY: '{}', XDG_CONFIG_HOME: path.join(home, 'xdg-config'), XDG_DATA_HOME: path.join(home, 'xdg-data') };
for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'NODE_OPTIONS') delete env[k];
const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
run(tools.node, [tools.codeServer, ...common, '--install-extension', vsix, '--force'], { env });

const port = Number(values.port) || (await freePort());
const args = [tools.codeServer, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'];
// Own process group (setsid): Ctrl-C stops code-server and everything it started.
const child = spawn(tools.node, args, { env, cwd: journal, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
const logFile = path.join(home, 'code-server.log');
const log = fs.createWriteStream(logFile);
child.stdout.pipe(log);
child.stderr.pipe(log);
let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping code-server …');
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const gone = await pollUntil(() => child.exitCode !== null || child.signalCode !== null, { timeoutMs: 5000 }).catch(() => false);
  if (!gone) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  process.exit(code);
};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop(sig === 'SIGINT' ? 130 : 143));
child.on('exit', (code, signal) => {
  if (!stopping) {
    console.error(`code-server exited (${code ?? signal}); see ${logFile}`);
    process.exit(1);
  }
});
await pollUntil(async () => (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) })).ok, { timeoutMs: 60_000, intervalMs: 200, what: 'code-server' });
const url = `http://127.0.0.1:${port}/?${new URLSearchParams({ folder: journal })}`;
console.log(`\nExperiment Journal in VS Code (code-server): open\n\n  ${url}\n\nin your browser. Ctrl-C stops it. (log: ${path.relative(process.cwd(), logFile)})`);
