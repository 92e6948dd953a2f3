import { generateSamplingPlan, publishPlan, verifyPlan, listPlanItems } from '../../sampling/plans';
import { type CliCommand, UsageError } from '../types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export const sampleCommand: CliCommand = {
  name: 'sample',
  summary: 'Generate a sampling plan for a period (or `sample verify PLAN_ID` to re-run one)',
  usage:
    'sample --from DATE --to DATE [--standard ST0071] [--seed N] [--publish] [--json] | sample verify PLAN_ID [--json]',
  options: {
    from: { type: 'string', description: 'first assessment date in scope (YYYY-MM-DD)' },
    to: { type: 'string', description: 'last assessment date in scope (YYYY-MM-DD)' },
    standard: { type: 'string', description: 'standard code (default ST0071)' },
    seed: {
      type: 'string',
      description: 'seed for the draw (default: random, stored with the plan)',
    },
    publish: { type: 'boolean', description: 'publish at once: releases what was not sampled' },
  },
  run(ctx, { positionals, values, json }, io) {
    if (positionals[0] === 'verify') {
      const id = Number(positionals[1]);
      if (!Number.isInteger(id) || id <= 0)
        throw new UsageError('sample verify needs a plan id, e.g. `sample verify 3`');
      const result = verifyPlan(ctx, id);
      if (json) io.out(JSON.stringify(result, null, 2));
      else {
        io.out(result.message);
        for (const a of result.adjustments)
          io.out(`  ${a.change} ${a.decisionId} by ${a.by} on ${a.at.slice(0, 10)}: ${a.reason}`);
      }
      return result.verified ? 0 : 1;
    }
    if (positionals.length) throw new UsageError(`Unexpected "${positionals.join(' ')}"`);
    const from = str(values.from);
    const to = str(values.to);
    if (!from || !to || !DATE.test(from) || !DATE.test(to))
      throw new UsageError('--from and --to are required, as YYYY-MM-DD');
    if (from > to) throw new UsageError('--to must be on or after --from');
    const seedText = str(values.seed);
    const seed = seedText === undefined ? undefined : Number(seedText);
    if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1))
      throw new UsageError('--seed must be a whole number from 0 to 2147483647');
    let plan = generateSamplingPlan(ctx, {
      from,
      to,
      standards: [str(values.standard) ?? 'ST0071'],
      seed,
    });
    if (values.publish === true) plan = publishPlan(ctx, plan.id);
    const items = listPlanItems(ctx, {
      planId: plan.id,
      includeRemoved: false,
      limit: 1_000_000,
      offset: 0,
    }).rows;
    const report = {
      plan_id: plan.id,
      status: plan.status,
      seed: plan.seed,
      rules_version: plan.rulesVersion,
      from: plan.from,
      to: plan.to,
      decisions: plan.totals.decisions,
      sampled: plan.totals.sampled,
      assessors: plan.assessors.map((a) => ({
        assessor_ref: a.assessorRef,
        decisions: a.decisions,
        floor: a.floor,
        target: a.target,
        sampled: a.sampled,
        reasons: a.reasons,
      })),
      items: items.map((i) => ({
        decision_ref: i.decisionRef ?? String(i.decisionId),
        assessor_ref: i.assessorRef,
        reasons: i.reasons,
      })),
    };
    if (json) {
      io.out(JSON.stringify(report, null, 2));
      return 0;
    }
    io.out(
      `Plan ${plan.id} (${plan.status}), seed ${plan.seed}, ${plan.rulesVersion}: ${plan.totals.sampled} of ${plan.totals.decisions} decisions sampled across ${plan.totals.assessors} assessors.`,
    );
    io.out('assessor  decisions  floor  target  sampled');
    for (const a of report.assessors) {
      io.out(
        `${a.assessor_ref.padEnd(8)}  ${String(a.decisions).padStart(9)}  ${String(a.floor).padStart(5)}  ${String(a.target).padStart(6)}  ${String(a.sampled).padStart(7)}`,
      );
    }
    return 0;
  },
};
