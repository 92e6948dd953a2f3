/**
 * Rules owned by other domains that must run whenever decisions are written (by an import, a
 * re-import or the demo generator): for example standardisation raising a flag on a decision
 * made while its assessor was lapsed. Hooks run inside the writer's transaction, so the flags
 * commit or roll back with the decisions they describe.
 */
import type { AppContext } from '../core/context';

/**
 * What the writer already knows of the decisions it wrote, position for position with their
 * ids, so that a hook need not read them back: reading a million back took 0.9 s.
 */
export interface WrittenDecisions {
  assessorIds: Int32Array;
  versionIds: Int32Array;
  apprenticeIds: Int32Array;
  /** Each decision's assessment date, as a position in `days` (YYYY-MM-DD). */
  dayIndex: Int32Array;
  days: readonly string[];
}

/** Decision ids: an import's are a typed array (a million of them kept off the heap). */
export type DecisionIds = readonly number[] | Int32Array;

export type DecisionsWrittenHook = (
  ctx: AppContext,
  decisionIds: DecisionIds,
  written?: WrittenDecisions,
) => void;

const hooks: DecisionsWrittenHook[] = [];

export function registerDecisionsWrittenHook(hook: DecisionsWrittenHook): void {
  if (!hooks.includes(hook)) hooks.push(hook);
}

/** Call inside the transaction that wrote the decisions. */
export function runDecisionsWrittenHooks(
  ctx: AppContext,
  decisionIds: DecisionIds,
  written?: WrittenDecisions,
): void {
  if (decisionIds.length === 0) return;
  for (const hook of hooks) hook(ctx, decisionIds, written);
}
