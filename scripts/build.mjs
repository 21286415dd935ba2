// Bundles each entry point with esbuild. Type checking is `npm run typecheck` (tsc --noEmit).
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');

/** One bundle per entry point; entries whose source does not exist yet are skipped. */
const entries = [
  { in: 'src/cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { in: 'src/core/indexWorker.ts', out: 'dist/indexWorker.js' },
  { in: 'src/server/main.ts', out: 'dist/server.js' },
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
  // Loaded by the extension on first note creation, to keep zod and yaml out of activation.
  { in: 'src/extension/noteFactory.ts', out: 'dist/noteFactory.js' },
];

// The end-to-end suite runs inside the VS Code extension host: its run() entry and every test file,
// each bundled on its own (they talk to the extension through the vscode API, not through src/).
const e2eSuite = 'test/e2e/suite';
if (existsSync(e2eSuite)) {
  for (const file of readdirSync(e2eSuite, { recursive: true }).map(String)) {
    if (file === 'index.ts' || file.endsWith('.test.ts')) {
      entries.push({ in: join(e2eSuite, file), out: join('out', e2eSuite, file.replace(/\.ts$/, '.js')), external: ['vscode', 'mocha'] });
    }
  }
}

await Promise.all(
  entries
    .filter((e) => existsSync(e.in))
    .map((e) =>
      build({
        entryPoints: [e.in],
        outfile: e.out,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: !production,
        minify: production,
        external: e.external ?? [],
        banner: e.banner ? { js: e.banner } : undefined,
        logLevel: 'warning',
      }),
    ),
);
