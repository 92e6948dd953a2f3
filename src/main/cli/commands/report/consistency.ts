/**
 * `report consistency --from DATE --to DATE [--json]`: per assessor, the grade profile, funnel
 * outlier status and agreement with moderation; then the cohort. A published interface: keep
 * the JSON keys. The figures are the analytics service's, exactly as the dashboard shows them.
 */
import { AnalyticsFilter, type AgreementDto } from '@shared/contract';
import { getConsistency } from '../../../analytics/consistency';
import { fmtCi, fmtNumber, fmtPercent, leaningWords } from '../../../analytics/words';
import { UsageError } from '../../types';
import type { ReportSubcommand } from './types';

function agreementJson(a: AgreementDto) {
  return {
    moderated: a.moderated,
    exact_agreement: a.exactAgreement,
    kappa_quadratic: a.kappaQuadratic,
    kappa_ci95: a.kappaCi95,
    gwet_ac2: a.gwetAc2,
    mean_difference: a.meanDifference,
  };
}

function gradesJson(grades: Record<string, number>) {
  return {
    ...grades,
    Fail: grades.Fail ?? 0,
    Pass: grades.Pass ?? 0,
    Distinction: grades.Distinction ?? 0,
  };
}

export const consistencyReport: ReportSubcommand = {
  name: 'consistency',
  summary: 'Assessor consistency: grade profiles, funnel outliers, agreement with moderation',
  usage:
    'report consistency --from DATE --to DATE [--standard CODE] [--version V] [--method CODE] [--provider UKPRN] [--employer NAME] [--assessor REF] [--json]',
  options: {
    from: { type: 'string', description: 'first assessment date, YYYY-MM-DD' },
    to: { type: 'string', description: 'last assessment date, YYYY-MM-DD' },
    standard: { type: 'string', description: 'only this standard (e.g. ST0071)' },
    version: { type: 'string', description: 'only this version of the standard' },
    method: { type: 'string', description: 'only this assessment method (e.g. O)' },
    provider: { type: 'string', description: "only apprentices of this provider's UKPRN" },
    employer: { type: 'string', description: 'only apprentices of this employer' },
    assessor: { type: 'string', description: 'only this assessor (e.g. IA001)' },
  },
  run(ctx, { positionals, values, json }, io) {
    if (positionals.length > 0) throw new UsageError(`Unexpected "${positionals.join(' ')}".`);
    if (typeof values.from !== 'string' || typeof values.to !== 'string')
      throw new UsageError('Give the period with --from DATE --to DATE.');
    const pick = (k: string): string | undefined =>
      typeof values[k] === 'string' ? (values[k] as string) : undefined;
    const parsed = AnalyticsFilter.safeParse({
      from: values.from,
      to: values.to,
      standard: pick('standard'),
      version: pick('version'),
      method: pick('method'),
      provider: pick('provider'),
      employer: pick('employer'),
      assessor: pick('assessor'),
    });
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '));
    const c = getConsistency(ctx, parsed.data);
    if (json) {
      io.out(
        JSON.stringify(
          {
            period: { from: parsed.data.from, to: parsed.data.to },
            filter: c.filter,
            thresholds: {
              min_moderated_pairs: c.thresholds.minModeratedPairs,
              min_decisions_for_funnel: c.thresholds.minDecisionsForFunnel,
            },
            assessors: c.assessors.map((a) => ({
              assessor_ref: a.assessorRef,
              decisions: a.decisions,
              grades: gradesJson(a.grades),
              ...agreementJson(a.agreement),
              outlier: a.outlier,
            })),
            cohort: {
              decisions: c.cohort.decisions,
              grades: gradesJson(c.cohort.grades),
              distinction_rate: c.cohort.distinctionRate,
              fail_rate: c.cohort.failRate,
              ...agreementJson(c.cohort.agreement),
            },
          },
          null,
          2,
        ),
      );
      return 0;
    }
    io.out(`Assessor consistency, ${parsed.data.from} to ${parsed.data.to}`);
    io.out(
      `Grades as the assessor awarded them; agreement shown from ${c.thresholds.minModeratedPairs} moderated decisions.`,
    );
    io.out('');
    const head = [
      'Assessor',
      'Decisions',
      'Fail',
      'Pass',
      'Dist.',
      'Moderated',
      'Exact',
      'Kappa (95% CI)',
      'AC2',
      'Mean diff.',
      'Outlier',
    ];
    const rows = c.assessors.map((a) => {
      const g = a.agreement;
      const share = (k: string): string =>
        fmtPercent(a.decisions ? (a.grades[k] ?? 0) / a.decisions : null);
      return [
        a.assessorRef,
        fmtNumber(a.decisions),
        share('Fail'),
        share('Pass'),
        share('Distinction'),
        fmtNumber(g.moderated),
        g.enough ? fmtPercent(g.exactAgreement) : 'too few to judge',
        g.enough ? `${fmtNumber(g.kappaQuadratic, 3)} ${fmtCi(g.kappaCi95)}` : '',
        g.enough ? fmtNumber(g.gwetAc2, 3) : '',
        g.enough ? `${fmtNumber(g.meanDifference, 3)} ${leaningWords(g.leaning)}` : '',
        a.outlier ? 'OUTLIER' : '',
      ];
    });
    const all = [head, ...rows];
    const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
    for (const r of all)
      io.out(
        r
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      );
    const co = c.cohort;
    io.out('');
    io.out(
      `Cohort: ${fmtNumber(co.decisions)} decisions; Distinction ${fmtPercent(co.distinctionRate)}, Fail ${fmtPercent(co.failRate)}; ` +
        (co.agreement.enough
          ? `${fmtNumber(co.agreement.moderated)} moderated, exact agreement ${fmtPercent(co.agreement.exactAgreement)}, kappa ${fmtNumber(co.agreement.kappaQuadratic, 3)} ${fmtCi(co.agreement.kappaCi95)}, AC2 ${fmtNumber(co.agreement.gwetAc2, 3)}, mean difference ${fmtNumber(co.agreement.meanDifference, 3)}.`
          : `${fmtNumber(co.agreement.moderated)} moderated: too few moderated decisions to judge.`),
    );
    return 0;
  },
};
