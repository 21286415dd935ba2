// Journey: F1 → "Experiment Journal: New Experiment", answer the three prompts, the note opens; the same title again never overwrites.
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { assert, journalSession, pollUntil, readWorkspaceFile } from './session.mjs';

let cs;
before(async () => (cs = await journalSession('scaffold')));
after(async () => cs?.stop());

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function answer(titleRe, text) {
  const title = cs.quickInput().locator('.quick-input-title');
  await pollUntil(async () => titleRe.test((await title.innerText().catch(() => '')) ?? ''), { timeoutMs: 15_000, what: `the prompt ${titleRe}` });
  await cs.quickInputType(text);
  await cs.page.keyboard.press('Enter');
}

async function newExperiment(title) {
  await cs.runCommand('Experiment Journal: New Experiment');
  await answer(/New Experiment \(1\/3\): title/, title);
  await answer(/New Experiment \(2\/3\): hypothesis/, 'Dropout 0.3 cuts the train/validation gap in half');
  await cs.screenshot('scaffold-prompt-tags');
  await answer(/New Experiment \(3\/3\): tags/, 'regularization, sweep');
}

test('the note is created with front matter and sections, opened with the cursor in the first empty section', async () => {
  await newExperiment('Dropout sweep');
  const file = `experiments/${today()}-dropout-sweep.md`;
  const abs = path.join(cs.workspaceDir, file);
  await pollUntil(() => fs.existsSync(abs), { what: `${file} on disk` });
  const text = readWorkspaceFile(cs, file);
  assert.match(text, /^---\nid: EXP-\d{4}-\d{4}-[A-Z0-9]{4}\ntype: experiment\ntitle: Dropout sweep\n/);
  assert.match(text, /^tags: \[regularization, sweep\]$/m);
  for (const h of ['## Hypothesis', '## Approach', '## Results', '## Outcome', '## Lessons Learned']) assert.ok(text.includes(`\n${h}\n`), `${h} missing`);
  assert.match(text, /Dropout 0\.3 cuts the train\/validation gap in half/);
  const shown = await pollUntil(async () => {
    const t = await cs.activeEditorText();
    return t.includes('title: Dropout sweep') && t;
  }, { what: 'the new note in the editor' });
  assert.match(shown, /type: experiment/);
  await cs.screenshot('scaffold-new-experiment');
});

test('the same title again creates a second file and leaves the first untouched', async () => {
  const first = `experiments/${today()}-dropout-sweep.md`;
  const before = readWorkspaceFile(cs, first);
  await newExperiment('Dropout sweep');
  const second = path.join(cs.workspaceDir, `experiments/${today()}-dropout-sweep-2.md`);
  await pollUntil(() => fs.existsSync(second), { what: 'the -2 file' });
  assert.equal(readWorkspaceFile(cs, first), before);
  const ids = [before, fs.readFileSync(second, 'utf8')].map((t) => /^id: (\S+)$/m.exec(t)?.[1]);
  assert.notEqual(ids[0], ids[1], 'each note gets a fresh id');
});
