import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { parseConfigText } from '../../../src/core/configFile';

describe('parseConfigText', () => {
  it('Should read JSON and YAML into the same configuration', () => {
    const json = parseConfigText('{ "rules": { "section-empty": "off" }, "maxFileSize": 1000 }', '.experiment-journal.json');
    const yaml = parseConfigText('rules:\n  section-empty: off\nmaxFileSize: 1000\n', '.experiment-journal.yaml');
    assert.ok(json.ok && yaml.ok);
    assert.deepEqual(json.config, yaml.config);
    assert.equal(json.config.rules['section-empty'], 'off');
    assert.equal(json.config.maxFileSize, 1000);
  });

  it('Should name invalid keys and keep their defaults', () => {
    const result = parseConfigText('maxFileSize: -5\nfailureModes: [a]\ncolour: red\n', 'x.yml');
    assert.ok(result.ok);
    assert.deepEqual(result.problems.map((p) => p.key), ['maxFileSize', 'colour']);
    assert.equal(result.config.maxFileSize, DEFAULT_CONFIG.maxFileSize);
    assert.deepEqual(result.config.failureModes, ['a']);
  });

  it('Should treat an empty file as the defaults and a BOM as nothing', () => {
    for (const [text, name] of [['', 'a.json'], ['', 'a.yaml'], ['\ufeff{}', 'a.json'], ['# only a comment\n', 'a.yaml']] as const) {
      const result = parseConfigText(text, name);
      assert.ok(result.ok, `${name}: ${JSON.stringify(text)}`);
      assert.deepEqual(result.config, DEFAULT_CONFIG);
      assert.deepEqual(result.problems, []);
    }
  });

  it('Should report text that does not parse, with the YAML line', () => {
    const yaml = parseConfigText('rules:\n  a: off\n  a: error\n', 'c.yaml');
    assert.equal(yaml.ok, false);
    assert.match(!yaml.ok ? yaml.message : '', /not valid YAML: .*line 3/);
    const json = parseConfigText('{ "rules": ', 'c.json');
    assert.equal(json.ok, false);
  });

  it('Should refuse a YAML alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    const result = parseConfigText(`${bomb.join('\n')}\n`, 'bomb.yaml');
    assert.equal(result.ok, false);
  });

  it('Should report a top level that is not a mapping', () => {
    const result = parseConfigText('- a\n- b\n', 'list.yaml');
    assert.ok(result.ok);
    assert.deepEqual(result.problems.map((p) => p.key), ['(root)']);
  });
});
