/**
 * The rules that run when decisions are written (standardisation's compliance flags). Every
 * entry point registers them through hooks.ts; the import worker registers only these, since
 * an import writes decisions and does nothing else the other hooks serve (sampling, confirming
 * EPAs, the evidence pack), and their modules (statistics among them) took a third of the
 * worker's start-up to load.
 */
import { registerDecisionsWrittenHook } from '../decisions/hooks';
import { standardisationFlagsHook } from '../standardisation/flags';

let registered = false;

export function registerDecisionRules(): void {
  if (registered) return;
  registered = true;
  registerDecisionsWrittenHook(standardisationFlagsHook);
}
