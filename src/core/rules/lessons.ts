import { LESSON_ID_STRICT } from '../schemas';
import type { Rule } from './rule';

export const lessonIdMalformed: Rule = {
  code: 'lesson-id-malformed',
  defaultSeverity: 'error',
  description: 'A lesson id does not follow `[L-…]` (L, a hyphen, then letters, digits or hyphens), so nothing can reference it.',
  check(note) {
    return note.malformedLessons.map((m) => ({
      range: m.range,
      message: LESSON_ID_STRICT.test(m.raw.slice(1, -1))
        ? `Lesson id ${m.raw} needs a space before the lesson text.`
        : `Malformed lesson id ${m.raw}: ${m.suggestion ? `write [${m.suggestion}]` : 'write [L-…] with letters, digits or hyphens'}.`,
      data: { suggestion: m.suggestion },
    }));
  },
};

export const lessonMissingId: Rule = {
  code: 'lesson-missing-id',
  defaultSeverity: 'info',
  description: 'An item in the lessons section has no lesson id, so later notes cannot say they applied it.',
  check(note) {
    return note.unidentifiedLessons.map((l) => ({
      range: l.range,
      message: 'This lesson has no id: give it one (`[L-…]`) so later notes can apply it.',
    }));
  },
};
