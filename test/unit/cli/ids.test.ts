import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CROCKFORD_ALPHABET, GENERATED_NOTE_ID, idPrefixFor, lessonStem, newNoteId, nextLessonId } from '../../../src/core/ids';
import { LESSON_ID_STRICT, NOTE_ID } from '../../../src/core/schemas';

const fixed = (...bytes: number[]) => (n: number) => new Uint8Array(bytes.slice(0, n));

describe('newNoteId', () => {
  it('Should build PREFIX-YYYY-MMDD-XXXX from the date and the injected random bytes', () => {
    assert.equal(newNoteId('EXP', '2026-12-04', fixed(0, 1, 30, 31)), 'EXP-2026-1204-01YZ');
    // Bytes are reduced modulo 32: 32 → "0", 255 → "Z".
    assert.equal(newNoteId('pm', '2026-01-09', fixed(32, 255, 10, 17)), 'PM-2026-0109-0ZAH');
  });

  it('Should only use Crockford base32 characters (no I, L, O, U) and match the schemas', () => {
    assert.equal(CROCKFORD_ALPHABET.length, 32);
    assert.ok(!/[ILOU]/.test(CROCKFORD_ALPHABET));
    for (let b = 0; b < 256; b += 4) {
      const id = newNoteId('EXP', '2026-12-04', fixed(b, b + 1, b + 2, b + 3));
      assert.match(id, GENERATED_NOTE_ID);
      assert.match(id, NOTE_ID);
    }
  });

  it('Should reject a bad prefix, a bad date or a short random source', () => {
    assert.throws(() => newNoteId('1X', '2026-12-04', fixed(1, 2, 3, 4)), /prefix/);
    assert.throws(() => newNoteId('EXP', '2026/12/04', fixed(1, 2, 3, 4)), /date/);
    assert.throws(() => newNoteId('EXP', '2026-12-04', fixed(1, 2)), /too few/);
  });

  it('Should derive a prefix for configured types without one', () => {
    assert.equal(idPrefixFor('design-review', undefined), 'DESIGNREVIEW');
    assert.equal(idPrefixFor('experiment', 'exp'), 'EXP');
  });
});

describe('nextLessonId', () => {
  it('Should start at 1 and continue after the highest number used in the note', () => {
    assert.equal(nextLessonId('EXP-2026-1204-K3X9', []), 'L-EXP-2026-1204-K3X9-1');
    assert.equal(
      nextLessonId('EXP-2026-1204-K3X9', ['L-EXP-2026-1204-K3X9-1', 'L-EXP-2026-1204-K3X9-7', 'L-0042', 'L-EXP-2026-1204-AAAA-9']),
      'L-EXP-2026-1204-K3X9-8',
    );
  });

  it('Should match existing ids case-insensitively', () => {
    assert.equal(nextLessonId('EXP-1', ['l-exp-1-3']), 'L-EXP-1-4');
  });

  it('Should give lessons of different notes different ids however many each has', () => {
    const a = nextLessonId('EXP-2026-1204-AAAA', ['L-EXP-2026-1204-AAAA-1']);
    const b = nextLessonId('EXP-2026-1204-BBBB', ['L-EXP-2026-1204-BBBB-1']);
    assert.notEqual(a, b);
  });

  it('Should produce valid lesson ids from note ids holding "." or "_"', () => {
    assert.equal(lessonStem('EXP_2026.14'), 'L-EXP-2026-14');
    assert.match(nextLessonId('EXP_2026.14', []), LESSON_ID_STRICT);
  });
});
