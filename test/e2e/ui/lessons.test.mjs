// Journey: the Experiment Journal sidebar's Lessons view shows the never-applied lessons, oldest first and counted;
// clicking one opens its note at its line. Also: the grammar colours a lesson id in prose.
import { after, before, test } from 'node:test';
import { cropShot } from './shots.mjs';
import { assert, cursorPosition, goToLine, journalSession, openFile, pollUntil, waitForActiveFile } from './session.mjs';

let cs;
before(async () => (cs = await journalSession('lessons')));
after(async () => cs?.stop());

// The fixture's never-applied lessons, oldest first (test/e2e/fixtures/journal/README.md: 10, the oldest L-0006).
const NEVER_APPLIED = ['L-0006', 'L-0009', 'L-0011', 'L-EXP-2026-007-1', 'L-0012', 'L-PM-2026-002-1', 'L-PM-2026-002-2', 'L-EXP-2026-0817-K3DT-1', 'L-EXP-2026-009-1', 'L-EXP-2026-1012-7QM4-1'];

test('the Lessons view lists "Never applied" (10) oldest first; clicking L-0006 opens its note at line 51', async () => {
  // The activity bar item carries the count as a badge.
  const item = cs.page.locator('.part.activitybar .action-item').filter({ has: cs.page.locator('.action-label[aria-label^="Experiment Journal"]') }).first();
  await pollUntil(async () => (await item.locator('.action-label').getAttribute('aria-label')) === 'Experiment Journal - 10 lessons never applied', { timeoutMs: 30_000, what: 'the activity bar badge' });
  await item.click(); // the item, not its label: the badge covers the label's centre
  const pane = await cs.view('Lessons', { timeoutMs: 30_000 });
  const rowsOf = () => pane.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => ({ level: r.getAttribute('aria-level'), aria: r.getAttribute('aria-label') ?? '', label: r.querySelector('.label-name')?.textContent?.trim() ?? '', description: r.querySelector('.label-description')?.textContent?.trim() ?? '', warning: !!r.querySelector('.codicon-warning') })));
  const rows = await pollUntil(
    async () => {
      const r = await rowsOf();
      return r.length >= 6 && r;
    },
    { timeoutMs: 30_000, what: 'the lessons in the Lessons view' },
  );
  const [group, ...lessons] = rows;
  assert.equal(group.label, 'Never applied');
  assert.equal(group.description, '10');
  assert.equal(group.level, '1');
  assert.ok(group.warning, 'the group is highlighted with the warning icon');
  // Monaco renders only the rows on screen: those shown are the never-applied ones, in the fixture's order.
  const shown = lessons.filter((l) => l.level === '2');
  assert.ok(shown.length >= 5, `only ${shown.length} lesson rows rendered`);
  assert.deepEqual(shown.map((l) => l.label), NEVER_APPLIED.slice(0, shown.length));
  for (const l of shown) {
    assert.match(l.aria, /\nNever applied(, has actions)?$/, l.aria);
    assert.ok(l.warning, `${l.label} is highlighted`);
  }
  assert.match(shown[0].aria, /^L-0006: Watch the gap between training and validation AUC/);
  assert.match(shown[0].description, /^Watch the gap between training and validation AUC/);
  await cropShot(cs, 'lessons-sidebar', cs.page.locator('.part.sidebar .composite.title').first(), pane);

  await pane.locator('.monaco-list-row', { hasText: 'L-0006' }).first().click();
  await waitForActiveFile(cs, 'experiments/2026-03-02-search-ranking-query-features.md');
  await pollUntil(async () => (await cursorPosition(cs))?.line === 51, { timeoutMs: 15_000, what: 'the cursor on L-0006\'s line (Ln 51)' });
  assert.match(await cs.activeEditorText(), /- \[L-0006\] Watch the gap/);
});

test('the grammar colours a lesson id in prose differently from the words around it', async () => {
  await openFile(cs, 'experiments/2026-07-06-spot-gpu-training.md');
  await goToLine(cs, 29); // "- Preemption and GPU-utilisation dashboards from day one, to see the failure if it came (L-0008)."
  const line = cs.page.locator('.editor-group-container.active .view-line').filter({ hasText: 'if it came (L-0008)' }).first();
  // Tokens arrive asynchronously (TextMate runs off the UI thread): poll until the id is its own coloured token.
  const tokens = await pollUntil(
    async () => {
      const spans = await line.locator('span span').evaluateAll((s) => s.map((e) => ({ text: e.textContent, color: getComputedStyle(e).color })));
      const id = spans.find((s) => s.text === 'L-0008');
      const prose = spans.find((s) => /Preemption/.test(s.text));
      return id && prose && id.color !== prose.color && { id, prose, spans };
    },
    { timeoutMs: 20_000, what: 'L-0008 coloured as a lesson id' },
  );
  // The closing parenthesis after the id is prose again.
  const after = tokens.spans[tokens.spans.findIndex((s) => s.text === 'L-0008') + 1];
  assert.ok(after && after.text.startsWith(')'), JSON.stringify(tokens.spans));
  assert.equal(after.color, tokens.prose.color);
  await cropShot(cs, 'grammar-lesson-id', line);
});
