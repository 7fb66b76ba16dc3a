import type { OffsetRange } from '../secrets/types';
import type { FixPlan, TextEdit } from './types';

export interface MergedPlans {
  /** Non-overlapping edits against the original text, sorted by start. */
  readonly edits: TextEdit[];
  /** The plans whose edits are all in `edits`. */
  readonly applied: FixPlan[];
  /** Plans left out because their edits collide with an earlier plan's; run the fix again for them. */
  readonly skipped: FixPlan[];
}

/**
 * Merges the plans of several findings in one document ("fix all in file"). An edit identical to one
 * already taken (two plans adding the same import) is kept once; a plan with any edit that collides
 * with a taken edit is skipped whole, so no plan is ever half applied.
 */
export function mergePlans(plans: readonly FixPlan[]): MergedPlans {
  const edits: TextEdit[] = [];
  const applied: FixPlan[] = [];
  const skipped: FixPlan[] = [];
  for (const plan of plans) {
    const fresh = plan.edits.filter((e) => !edits.some((taken) => sameEdit(taken, e)));
    if (fresh.some((e) => edits.some((taken) => collide(taken.range, e.range)))) {
      skipped.push(plan);
      continue;
    }
    edits.push(...fresh);
    applied.push(plan);
  }
  edits.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return { edits, applied, skipped };
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.range.start === b.range.start && a.range.end === b.range.end && a.newText === b.newText;
}

/** Overlapping ranges, or two edits at the same position where the order of application would matter. */
function collide(a: OffsetRange, b: OffsetRange): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  const aEmpty = a.start === a.end;
  const bEmpty = b.start === b.end;
  return (aEmpty || bEmpty) && a.start === b.start;
}
