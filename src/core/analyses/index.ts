import type { JournalIndex } from '../index/journalIndex';
import { openActionItems, type ActionItemGroup } from './actionItems';
import { lessonReport, type LessonReport } from './lessons';
import { learningMetrics, type MetricsReport } from './metrics';
import { RelatedFailures } from './related';
import { repeatFailures, type RepeatReport } from './repeatFailures';

export * from './actionItems';
export * from './lessons';
export * from './metrics';
export * from './related';
export * from './repeatFailures';

/**
 * The analyses over one index, each computed on demand and cached until the index changes, so a
 * sidebar refresh after an edit recomputes only what is asked for, from memory (no file is re-read).
 */
export class JournalAnalyses {
  private cache = new Map<string, { version: number; value: unknown }>();
  readonly related: RelatedFailures;

  constructor(readonly index: JournalIndex) {
    this.related = new RelatedFailures(index);
  }

  private cached<T>(key: string, compute: () => T): T {
    const hit = this.cache.get(key);
    if (hit && hit.version === this.index.version) return hit.value as T;
    const value = compute();
    this.cache.set(key, { version: this.index.version, value });
    return value;
  }

  lessons(): LessonReport {
    return this.cached('lessons', () => lessonReport(this.index));
  }

  repeats(): RepeatReport {
    return this.cached('repeats', () => repeatFailures(this.index));
  }

  metrics(): MetricsReport {
    return this.cached('metrics', () => learningMetrics(this.index, this.repeats()));
  }

  actionItems(): ActionItemGroup[] {
    return this.cached('actionItems', () => openActionItems(this.index));
  }

  dispose(): void {
    this.related.dispose();
  }
}
