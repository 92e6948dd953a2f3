/**
 * A believable past for the demo: month by month, a published sampling plan, every sampled
 * decision moderated (lenient and severe assessors meet disagreements, which escalate), and the
 * EPAs confirmed once released. It runs through the real services, so the history obeys the same
 * rules (the floor, the hold, independence, the audit log) as work done in the app, and every
 * plan in it verifies.
 */
import { englandAndWales } from '@shared/calendar';
import type { Outcome } from '@shared/contract';
import type { Rng } from '@shared/random';
import type { AppContext } from '../core/context';
import { writeAudit } from '../audit/audit';
import { saveModeration } from '../moderation/save';
import { generateSamplingPlan, publishPlan } from '../sampling/plans';
import { versionDefinition } from '../standards/load';

export const DEMO_MODERATORS = ['Jordan Ellis', 'Sam Okafor', 'Ruth Patel'];

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

export interface HistoryResult {
  plans: number;
  moderations: number;
  confirmed: number;
}

/**
 * @param trueGrades what a careful moderator would give each decision (by id); the assessor's
 *   own bias is what separates the two.
 */
export function simulateHistory(
  ctx: AppContext,
  rng: Rng,
  trueGrades: ReadonlyMap<number, string>,
  cutoff: string,
): HistoryResult {
  const moderatorIds = DEMO_MODERATORS.map((name) => {
    const existing = ctx.sqlite.prepare('SELECT id FROM users WHERE name = ?').pluck().get(name) as
      number | undefined;
    return (
      existing ??
      Number(
        ctx.sqlite.prepare("INSERT INTO users (name, role) VALUES (?, 'moderator')").run(name)
          .lastInsertRowid,
      )
    );
  });
  const standards = ctx.sqlite
    .prepare('SELECT code FROM standards ORDER BY code')
    .pluck()
    .all() as string[];
  const first = ctx.sqlite.prepare('SELECT min(assessment_date) FROM decisions').pluck().get() as
    string | null;
  const result: HistoryResult = { plans: 0, moderations: 0, confirmed: 0 };
  if (!first) return result;

  const signedIn = ctx.session.userId;
  const criteriaCache = new Map<string, string[]>();
  const criteriaFor = (versionId: number, method: string): string[] => {
    const key = `${versionId}:${method}`;
    let codes = criteriaCache.get(key);
    if (!codes) {
      codes =
        versionDefinition(ctx, versionId)
          .version.methods.find((m) => m.code === method)
          ?.criteria.map((c) => c.code) ?? [];
      criteriaCache.set(key, codes);
    }
    return codes;
  };
  const toModerate = ctx.sqlite.prepare(
    `SELECT d.id, d.grade, m.code AS method, e.standard_version_id AS versionId, d.assessment_date AS date
     FROM sampling_plan_items i JOIN decisions d ON d.id = i.decision_id
     JOIN assessment_methods m ON m.id = d.method_id JOIN epas e ON e.id = d.epa_id
     WHERE i.plan_id = ? AND i.removed_at IS NULL AND d.status = 'sampled' ORDER BY d.id`,
  );

  try {
    for (let month = first.slice(0, 7); monthEnd(month) < cutoff; month = nextMonth(month)) {
      const from = `${month}-01`;
      const to = monthEnd(month);
      const plan = generateSamplingPlan(ctx, {
        from,
        to,
        standards,
        seed: rng.int(0, 2 ** 31 - 1),
        title: `Monthly sample ${month}`,
      });
      if (plan.totals.decisions === 0) continue;
      publishPlan(ctx, plan.id);
      result.plans++;
      // Escalations add items while we work, so keep going until the plan is done.
      for (let pass = 0; pass < 5; pass++) {
        const items = toModerate.all(plan.id) as {
          id: number;
          grade: string;
          method: string;
          versionId: number;
          date: string;
        }[];
        if (items.length === 0) break;
        for (const item of items) {
          const moderated = trueGrades.get(item.id) ?? item.grade;
          const agree = moderated === item.grade || rng.chance(0.35);
          const finalGrade = agree ? item.grade : moderated;
          const outcome: Outcome = agree
            ? rng.chance(0.25)
              ? 'agreed_with_feedback'
              : 'agreed'
            : rng.chance(0.6)
              ? 'grade_changed_borderline'
              : 'grade_changed_criteria_misapplied';
          const codes = criteriaFor(item.versionId, item.method);
          const judged = codes.filter(() => rng.chance(0.5)).slice(0, 8);
          const disagreeOn = agree ? null : rng.pick(codes.length ? codes : ['']);
          ctx.session.userId = rng.pick(moderatorIds);
          const on = englandAndWales.addWorkingDays(item.date < to ? to : item.date, rng.int(1, 6));
          saveModeration(ctx, {
            decisionId: item.id,
            activity: rng.chance(0.8)
              ? 'documentation_review'
              : rng.chance(0.5)
                ? 'live_observation'
                : 'remote_observation',
            criteria: [...new Set([...judged, ...(disagreeOn ? [disagreeOn] : [])])].map(
              (code) => ({
                code,
                judgement: code === disagreeOn ? 'disagree' : 'agree',
              }),
            ),
            moderatedGrade: finalGrade,
            outcome,
            feedback: agree
              ? undefined
              : 'Evidence did not support the grade awarded against the criteria marked.',
            actions: agree
              ? []
              : [
                  {
                    description:
                      'Review the grading descriptors for this method before the next assessment',
                    dueDate: englandAndWales.addWorkingDays(on, 15),
                  },
                ],
            moderationDate: on < cutoff ? on : cutoff,
          });
          result.moderations++;
        }
      }
    }
  } finally {
    ctx.session.userId = signedIn;
  }

  // Confirm what is fully released and old enough, a few working days after its last assessment
  // (some miss the 10-day target, as in life).
  const ready = ctx.sqlite
    .prepare(
      `SELECT e.id, max(d.assessment_date) AS last FROM epas e JOIN decisions d ON d.epa_id = e.id
       WHERE e.status = 'awaiting_confirmation' GROUP BY e.id
       HAVING sum(d.status <> 'released') = 0 AND max(d.assessment_date) < ?`,
    )
    .all(cutoff) as { id: number; last: string }[];
  const confirm = ctx.sqlite.prepare(
    "UPDATE epas SET status = 'confirmed', confirmed_at = ?, confirmed_by = ? WHERE id = ?",
  );
  for (const epa of ready) {
    const at = englandAndWales.addWorkingDays(
      epa.last,
      rng.chance(0.85) ? rng.int(4, 10) : rng.int(11, 16),
    );
    const by = DEMO_MODERATORS[0] as string;
    confirm.run(`${at}T16:00:00.000Z`, by, epa.id);
    result.confirmed++;
  }
  // The history's escalations were dealt with at the time: only new ones should ask for attention.
  ctx.sqlite.prepare('UPDATE notifications SET read_at = created_at WHERE read_at IS NULL').run();
  writeAudit(ctx, { action: 'demo.history', entity: 'demo', after: { ...result, cutoff } });
  return result;
}
