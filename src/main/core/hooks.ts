/**
 * Where domains plug into each other, in one place, so every entry point (desktop, web, CLI,
 * tests) runs with the same rules: sampling risk providers (moderation disagreements, upheld
 * appeals, overdue standardisation, outliers) and guards on confirming an EPA (open appeals).
 */
import { disagreementRisk, registerRiskProvider } from '../sampling/scope';
import { newAssessorRisk, outlierRisk, standardisationOverdueRisk } from '../sampling/risks';
import { registerConfirmationGuard } from '../epas/service';
import { appealConfirmationGuard, upheldAppealRisk } from '../appeals/service';

let registered = false;

export function registerDomainHooks(): void {
  if (registered) return;
  registered = true;
  registerRiskProvider(disagreementRisk);
  registerRiskProvider(upheldAppealRisk);
  registerRiskProvider(newAssessorRisk);
  registerRiskProvider(standardisationOverdueRisk);
  registerRiskProvider(outlierRisk);
  registerConfirmationGuard(appealConfirmationGuard);
}
