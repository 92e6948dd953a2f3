/**
 * Where domains plug into each other, in one place, so every entry point (desktop, web, CLI,
 * tests) runs with the same rules: sampling risk providers (moderation disagreements, upheld
 * appeals, overdue standardisation, outliers), guards on confirming an EPA (open appeals) and
 * rules that run when decisions are written (standardisation's compliance flags).
 */
import { disagreementRisk, registerRiskProvider } from '../sampling/scope';
import { newAssessorRisk } from '../sampling/risks';
import { registerConfirmationGuard } from '../epas/service';
import { appealConfirmationGuard, upheldAppealRisk } from '../appeals/service';
import { standardisationRisk } from '../standardisation/compliance';
import { registerDecisionRules } from './decision-rules';
import { outlierRisk } from '../analytics/outlier-risk';
import { registerEvidenceSection } from '../analytics/evidence-pack';
import { exercisesEvidenceSection } from '../standardisation/evidence-section';

let registered = false;

export function registerDomainHooks(): void {
  if (registered) return;
  registered = true;
  registerRiskProvider(disagreementRisk);
  registerRiskProvider(upheldAppealRisk);
  registerRiskProvider(standardisationRisk);
  registerDecisionRules();
  registerRiskProvider(newAssessorRisk);
  registerRiskProvider(outlierRisk);
  registerConfirmationGuard(appealConfirmationGuard);
  registerEvidenceSection(exercisesEvidenceSection, 'standardisation');
}
