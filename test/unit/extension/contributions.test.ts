import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { configShape } from '../../../src/core/config';
import {
  CATEGORY,
  COMMAND_TITLES,
  Commands,
  ContextKeys,
  HIDDEN_FROM_PALETTE,
  ItemContext,
  SETTINGS_SECTION as EXTENSION_SECTION,
  VIEW_CONTAINER,
  VIEW_NAMES,
  Views,
} from '../../../src/extension/commands';
import { configurationContribution, MARKDOWN_CONFIGURATION_DEFAULTS, TRACE_SETTING } from '../../../src/extension/model/configurationContribution';
import { ClientCommands } from '../../../src/shared/protocol';
import { SETTINGS_SECTION } from '../../../src/shared/settings';

const root = new URL('../../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const contributes = pkg.contributes;
const commandIds = Object.values(Commands) as string[];

describe('package.json contributions', () => {
  it('Should declare exactly the commands of the code, titled under the "Experiment Journal" category', () => {
    const declared = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, [...commandIds].sort());
    for (const c of contributes.commands) {
      assert.equal(c.category, CATEGORY, c.command);
      assert.equal(c.title, COMMAND_TITLES[c.command as keyof typeof COMMAND_TITLES], c.command);
    }
  });

  it('Should use the command ids the server puts in its code lenses', () => {
    assert.equal(Commands.showLessonApplications, ClientCommands.showLessonApplications);
    assert.equal(Commands.showRelatedFailures, ClientCommands.showRelatedFailures);
  });

  it('Should hide commands that need arguments from the palette', () => {
    const hidden = contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
    assert.deepEqual(hidden.sort(), [...HIDDEN_FROM_PALETTE].sort());
    assert.ok(!hidden.includes(Commands.newExperiment));
  });

  it('Should only reference known commands, views, tree-item contexts and context keys in menus and welcome views', () => {
    const viewIds = Object.values(Views) as string[];
    const contexts = Object.values(ItemContext) as string[];
    for (const [menu, items] of Object.entries(contributes.menus) as [string, { command: string; when?: string }[]][]) {
      for (const item of items) {
        assert.ok(commandIds.includes(item.command), `${menu}: unknown command ${item.command}`);
        for (const [, view] of (item.when ?? '').matchAll(/view == ([\w.]+)/g)) assert.ok(viewIds.includes(view!), `${menu}: unknown view ${view}`);
        for (const [, ctx] of (item.when ?? '').matchAll(/viewItem == ([\w.]+)/g)) assert.ok(contexts.includes(ctx!), `${menu}: unknown viewItem ${ctx}`);
        for (const [, key] of (item.when ?? '').matchAll(/(experimentJournal\.\w+) ==/g)) assert.ok(Object.values(ContextKeys).includes(key as never), `${menu}: unknown context key ${key}`);
      }
    }
    // Regex-matched viewItems still have to match real contexts.
    const copy = contributes.menus['view/item/context'].find((m: { command: string }) => m.command === Commands.copyId);
    const re = new RegExp(/viewItem =~ \/(.*)\/$/.exec(copy.when)![1]!);
    assert.ok(re.test(ItemContext.lessonNeverApplied) && re.test(ItemContext.failureNote) && !re.test(ItemContext.actionItem) && !re.test(ItemContext.group));
    for (const w of contributes.viewsWelcome) {
      assert.ok(viewIds.includes(w.view), w.view);
      for (const [, cmd] of w.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commandIds.includes(cmd!), cmd);
    }
    assert.ok(contributes.viewsWelcome.some((w: { view: string; when: string; contents: string }) => w.view === Views.lessons && w.when.includes('noNotes') && w.contents.includes(`command:${Commands.newExperiment}`)));
  });

  it('Should put the three views in one activity-bar container with an SVG icon', () => {
    const [container] = contributes.viewsContainers.activitybar;
    assert.equal(container.id, VIEW_CONTAINER);
    assert.match(container.icon, /\.svg$/);
    assert.ok(existsSync(new URL(container.icon, root)));
    assert.deepEqual(
      contributes.views[VIEW_CONTAINER].map((v: { id: string; name: string }) => [v.id, v.name]),
      Object.entries(VIEW_NAMES),
    );
  });

  it('Should generate the settings from the zod schema, every one described, plus the trace setting', () => {
    assert.equal(EXTENSION_SECTION, SETTINGS_SECTION);
    assert.deepEqual(contributes.configuration, configurationContribution(), 'package.json is stale: run npm run gen:settings');
    const props = contributes.configuration.properties as Record<string, { type: string; markdownDescription: string; default: unknown }>;
    const jsonType = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v);
    for (const key of Object.keys(configShape)) {
      const p = props[`${SETTINGS_SECTION}.${key}`];
      assert.ok(p, `missing setting ${SETTINGS_SECTION}.${key}`);
      assert.ok(p.markdownDescription.length > 20, key);
      assert.equal(p.type, jsonType(p.default), `${key}: type ${p.type} but default is ${jsonType(p.default)}`);
      assert.ok(configShape[key as keyof typeof configShape].safeParse(p.default).success, `${key}: default fails the schema`);
    }
    assert.deepEqual(props[TRACE_SETTING]!.default, 'off');
    assert.equal(TRACE_SETTING, `${SETTINGS_SECTION}.trace.server`);
    assert.equal(Object.keys(props).length, Object.keys(configShape).length + 1);
  });

  it('Should quiet VS Code\'s reference-link validation, which reads [L-…], [[ID]] and YAML lists as links', () => {
    for (const [key, value] of Object.entries(MARKDOWN_CONFIGURATION_DEFAULTS)) assert.equal(contributes.configurationDefaults[key], value);
    assert.equal(contributes.configurationDefaults['markdown.validate.referenceLinks.enabled'], 'ignore');
  });

  it('Should activate only in workspaces with notes (commands and views activate implicitly)', () => {
    assert.deepEqual(pkg.activationEvents, [
      'workspaceContains:**/experiments/**/*.md',
      'workspaceContains:**/postmortems/**/*.md',
      'workspaceContains:**/.experiment-journal.{json,yaml,yml}',
    ]);
    assert.ok(!pkg.activationEvents.includes('*'));
  });

  it('Should declare workspace trust and virtual-workspace support honestly', () => {
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces, { supported: true });
    assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
    assert.ok(pkg.capabilities.virtualWorkspaces.description.length > 20);
  });

  it('Should ship every file package.json points at through the .vscodeignore allow-list', () => {
    const allow = readFileSync(new URL('.vscodeignore', root), 'utf8').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1));
    const shipped = [pkg.main.replace(/^\.\//, ''), 'dist/server.js', 'dist/noteFactory.js', pkg.icon, ...contributes.snippets.map((s: { path: string }) => s.path.replace(/^\.\//, '')), ...contributes.grammars.map((g: { path: string }) => g.path.replace(/^\.\//, ''))];
    for (const file of shipped) {
      const matched = allow.some((a) => new RegExp(`^${a.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(file));
      assert.ok(matched, `${file} is not in the .vscodeignore allow-list`);
    }
    for (const file of [pkg.icon, ...contributes.snippets.map((s: { path: string }) => s.path), ...contributes.grammars.map((g: { path: string }) => g.path)]) {
      assert.ok(existsSync(new URL(file, root)), file);
    }
    assert.ok(!allow.some((a) => a.startsWith('src') || a.startsWith('test') || a.endsWith('.map')));
  });

  it('Should inject the grammar into Markdown', () => {
    const [grammar] = contributes.grammars;
    assert.deepEqual(grammar.injectTo, ['text.html.markdown']);
    const json = JSON.parse(readFileSync(new URL(grammar.path, root), 'utf8'));
    assert.equal(json.scopeName, grammar.scopeName);
    assert.match(json.injectionSelector, /^L:text\.html\.markdown /);
  });
});
