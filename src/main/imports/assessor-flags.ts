/**
 * Assessors and standardisation files change the flags on decisions that are not rows of the
 * file (a conflict declared, an attendance recorded). The result would otherwise give only a
 * count of flags, with nothing to say whose decisions or why; so each assessor's row says what
 * happened to that assessor's decisions: flags raised as warnings (in the report too), flags
 * cleared as notes on the row.
 */
import type { StandardisationFlagCode } from '@shared/standardisation/flags';
import { recomputeFlags, type FlagShifts } from '../standardisation/flags';
import type { ImportEnv } from './env';

/** The row of the file that last changed an assessor, and the reference it gave. */
export interface AssessorRow {
  row: number;
  /** The stored reference, which the messages use however the file typed it. */
  ref: string;
  /** The cell as the file has it, for the report's value column. */
  typed: string;
}

const FLAG_NAMES: Record<StandardisationFlagCode, string> = {
  standardisation_never: 'not standardised',
  standardisation_lapsed: 'standardisation lapsed',
  assessor_ineligible: 'assessor ineligible',
};

function decisionsOf(n: number, ref: string): string {
  return n === 1 ? `1 of ${ref}'s decisions is` : `${n} of ${ref}'s decisions are`;
}

/**
 * Recomputes the flags on these assessors' decisions (inside the import's transaction) and
 * reports on each assessor's row what changed.
 */
export function refreshAssessorFlags(
  env: ImportEnv,
  changed: ReadonlyMap<number, AssessorRow>,
): void {
  if (changed.size === 0) return;
  env.finishing("Updating the flags on these assessors' decisions");
  const shifts: FlagShifts = new Map();
  recomputeFlags(env.ctx, { assessorIds: [...changed.keys()] }, shifts);
  for (const [assessorId, codes] of shifts) {
    const at = changed.get(assessorId);
    if (!at) continue;
    for (const [code, shift] of codes) {
      const name = FLAG_NAMES[code as StandardisationFlagCode] ?? code;
      if (shift.raised > 0) {
        env.problem(
          at.row,
          'assessor_ref',
          at.typed,
          `${decisionsOf(shift.raised, at.ref)} now flagged '${name}'${
            shift.raised === 1 ? ': ' : '; the first: '
          }${shift.first ?? ''}`,
          true,
        );
      }
      if (shift.cleared > 0) {
        env.note(at.row, `${decisionsOf(shift.cleared, at.ref)} no longer flagged '${name}'`);
      }
    }
  }
}
