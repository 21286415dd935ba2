// Writes package.json's contributes.configuration from the zod settings schema (src/core/config.ts).
// Usage: node --import tsx scripts/gen-settings.ts [--check]   (--check: exit 1 when package.json is stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { configurationContribution } from '../src/extension/model/configurationContribution';

const path = new URL('../package.json', import.meta.url);
const text = readFileSync(path, 'utf8');
const pkg = JSON.parse(text);
const generated = configurationContribution();
if (process.argv.includes('--check')) {
  if (!isDeepStrictEqual(pkg.contributes?.configuration, generated)) {
    console.error('package.json contributes.configuration is stale: run `npm run gen:settings`.');
    process.exit(1);
  }
  console.log('contributes.configuration is up to date.');
} else {
  pkg.contributes = { ...pkg.contributes, configuration: generated };
  writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(`wrote ${Object.keys(generated.properties).length} settings to package.json`);
}
