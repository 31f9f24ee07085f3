import { findLesson } from '../../lessons/registry';
import { trainAccuracy } from '../../lessons/measures';
import type { Lesson, LessonEvidence } from '../../lessons/types';
import { useLessonStore } from '../../state/lesson-store';
import { useRunStore } from '../../state/run-store';
import { useLabelerStore } from '../../state/stage-actions';

/** The lesson shown, and the evidence its checks read from the page: this run, the kept run, the retrained reward model. */
export function useLessonEvidence(): { lesson: Lesson | null; evidence: LessonEvidence } {
  const id = useLessonStore((s) => s.id);
  const kept = useLessonStore((s) => s.kept);
  const history = useRunStore((s) => s.history);
  const result = useLabelerStore((s) => s.result);
  const retrain = result
    ? { before: result.heldOutBefore, after: result.heldOutAccuracy, trainAccuracy: trainAccuracy(result.curves), pairs: result.pairs }
    : undefined;
  return { lesson: id ? findLesson(id) : null, evidence: { history, compare: kept?.history, retrain } };
}
