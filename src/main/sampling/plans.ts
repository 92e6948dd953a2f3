/**
 * Sampling plans: generate (draft), review, adjust with reasons, publish (which releases what was
 * not sampled), top up, and verify. The 5% floor per assessor is checked on every path that could
 * break it; nothing here can publish a plan or remove an item below it.
 */
import { randomInt } from 'node:crypto';
import { SAMPLING_RULES_VERSION, floorFor, generatePlan } from '@shared/sampling';
import type { PlanDto, PlanItemDto, PlanSummaryDto, ScopeChoiceDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { currentActor, writeAudit } from '../audit/audit';
import {
  assessorCounts,
  parseParams,
  planParams,
  planRow,
  reasonKey,
  storeItems,
  storedAssessors,
  type PlanRow,
} from './plan-store';
import { readAssessors, readScope } from './scope';
import { SETTLES } from '../moderation/settled';

export { setDecisionStatus } from './hold';
export { addPlanItem, removePlanItem } from './items';
export { publishPlan, topUpPlan } from './publish';
export { verifyPlan } from './verify';

export interface GenerateInput {
  from: string;
  to: string;
  standards: string[];
  seed?: number | undefined;
  params?: unknown;
  title?: string | undefined;
}

/**
 * The page cache (KiB) while a plan finds its risks and stores its sample. Both look up rows
 * scattered over a million decisions (the risk providers' scans, and for every item its foreign
 * keys and the reads of its decision that fill its queue columns), which thrash the 16 MB that
 * better-sqlite3 builds SQLite with; at a million decisions storing the items took 5-7 s with it and 2.2 s with this. Only
 * pages touched are allocated, and the cache is put back (and the memory freed) afterwards.
 * Raised after the scope is read: reading the scope measured no faster with it.
 */
const GENERATION_CACHE_KIB = 65_536;

function cacheKib(ctx: AppContext): number {
  const size = ctx.sqlite.pragma('cache_size', { simple: true }) as number;
  if (size < 0) return -size;
  return (size * (ctx.sqlite.pragma('page_size', { simple: true }) as number)) / 1024;
}

export function generateSamplingPlan(ctx: AppContext, input: GenerateInput): PlanDto {
  const params = parseParams(input.params);
  const seed = input.seed ?? randomInt(0, 2 ** 31 - 1);
  const actor = currentActor(ctx);
  let counts: Known | undefined;
  const cacheSize = ctx.sqlite.pragma('cache_size', { simple: true }) as number;
  const raiseCache = cacheKib(ctx) < GENERATION_CACHE_KIB;
  let planId: number;
  try {
    planId = ctx.sqlite
      .transaction(() => {
        const id = Number(
          ctx.sqlite
            .prepare(
              `INSERT INTO sampling_plans (title, period_from, period_to, standards_json, seed, params_json,
               rules_version, assessors_json, created_by) VALUES (?,?,?,?,?,?,?,'[]',?)`,
            )
            .run(
              input.title || `Sample ${input.from} to ${input.to}`,
              input.from,
              input.to,
              JSON.stringify(input.standards),
              seed,
              JSON.stringify(params),
              SAMPLING_RULES_VERSION,
              actor.name,
            ).lastInsertRowid,
        );
        const scope = readScope(
          ctx,
          { ...input, sequenceCap: params.newAssessorDecisions + 1 },
          { planId: id, slice: 0 },
        );
        if (raiseCache) ctx.sqlite.pragma(`cache_size = -${GENERATION_CACHE_KIB}`);
        const assessorIds = [...new Set(scope.map((d) => d.assessorId))];
        const assessors = readAssessors(ctx, assessorIds, { ...input, params });
        const result = generatePlan({ seed, params, assessors, decisions: scope });
        ctx.sqlite
          .prepare('UPDATE sampling_plans SET assessors_json = ? WHERE id = ?')
          .run(JSON.stringify(assessors), id);
        storeItems(ctx, id, result, 'generated', actor.name, 0);
        // The draw has counted per assessor already: no need to count a million rows again.
        counts = {
          scope: new Map(result.assessors.map((a) => [a.assessorId, a.decisions])),
          sampled: new Map(result.assessors.map((a) => [a.assessorId, a.sampled])),
          reasons: new Map(result.assessors.map((a) => [a.assessorId, a.reasons])),
        };
        writeAudit(
          ctx,
          {
            action: 'sampling.generate',
            entity: 'sampling_plan',
            entityId: id,
            after: {
              from: input.from,
              to: input.to,
              standards: input.standards,
              seed,
              rulesVersion: SAMPLING_RULES_VERSION,
              decisions: scope.length,
              sampled: result.items.length,
            },
          },
          actor,
        );
        return id;
      })
      .immediate();
  } finally {
    if (raiseCache) ctx.sqlite.pragma(`cache_size = ${cacheSize}`);
  }
  return getPlan(ctx, planId, counts);
}

/** Per-assessor counts for a plan's review, when the caller already knows them. */
interface Known {
  scope: Map<number, number>;
  sampled: Map<number, number>;
  reasons: Map<number, Record<string, number>>;
}

function summary(ctx: AppContext, row: PlanRow, known?: Known): PlanSummaryDto {
  const count = (sql: string): number => ctx.sqlite.prepare(sql).pluck().get(row.id) as number;
  return {
    id: row.id,
    title: row.title,
    from: row.period_from,
    to: row.period_to,
    standards: JSON.parse(row.standards_json) as string[],
    seed: row.seed,
    rulesVersion: row.rules_version,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
    totals: {
      decisions: known
        ? [...known.scope.values()].reduce((a, b) => a + b, 0)
        : count(
            'SELECT coalesce(sum(decisions), 0) FROM sampling_plan_scope_assessors WHERE plan_id = ?',
          ),
      sampled: known
        ? [...known.sampled.values()].reduce((a, b) => a + b, 0)
        : count(
            'SELECT count(*) FROM sampling_plan_items WHERE plan_id = ? AND removed_at IS NULL',
          ),
      assessors: known
        ? [...known.sampled.values()].filter((n) => n > 0).length
        : count(
            'SELECT count(DISTINCT assessor_id) FROM sampling_plan_items WHERE plan_id = ? AND removed_at IS NULL',
          ),
      moderated: count(
        `SELECT count(DISTINCT i.decision_id) FROM sampling_plan_items i
         JOIN moderation_records r ON r.decision_id = i.decision_id AND ${SETTLES}
         WHERE i.plan_id = ? AND i.removed_at IS NULL`,
      ),
    },
  };
}

export function getPlan(ctx: AppContext, planId: number, known?: Known): PlanDto {
  const row = planRow(ctx, planId);
  const params = planParams(row);
  const risks = new Map(storedAssessors(row).map((a) => [a.id, a.risks]));
  const { scope, sampled } = known ?? assessorCounts(ctx, planId);
  const names = new Map(
    (
      ctx.sqlite.prepare('SELECT id, ref, name FROM assessors').raw(true).all() as [
        number,
        string,
        string,
      ][]
    ).map(([id, ref, name]) => [id, { ref, name }]),
  );
  const reasons = known?.reasons ?? new Map<number, Record<string, number>>();
  if (!known)
    for (const [assessorId, json] of ctx.sqlite
      .prepare(
        'SELECT assessor_id, reasons_json FROM sampling_plan_items WHERE plan_id = ? AND removed_at IS NULL',
      )
      .raw(true)
      .iterate(planId) as Iterable<[number, string]>) {
      const counts = reasons.get(assessorId) ?? {};
      for (const r of JSON.parse(json) as string[]) {
        const key = reasonKey(r);
        if (key !== null) counts[key] = (counts[key] ?? 0) + 1;
      }
      reasons.set(assessorId, counts);
    }
  const assessorIds = new Set([...scope.keys(), ...sampled.keys()]);
  const assessors = [...assessorIds]
    .map((assessorId) => {
      const n = scope.get(assessorId) ?? 0;
      const assessorRisks = risks.get(assessorId) ?? [];
      const uplift = [...new Set(assessorRisks.map((r) => r.code))].reduce(
        (s, c) => s + (params.uplift[c] ?? 0),
        0,
      );
      const rate = Math.min(1, params.floorRate + uplift);
      const floor = floorFor(n, params.floorRate);
      return {
        assessorId,
        assessorRef: names.get(assessorId)?.ref ?? String(assessorId),
        assessorName: names.get(assessorId)?.name ?? '',
        decisions: n,
        floor,
        target: Math.min(n, Math.max(floor, Math.ceil(Math.round(rate * n * 1e9) / 1e9))),
        sampled: sampled.get(assessorId) ?? 0,
        rate,
        risks: assessorRisks.map((r) => r.detail),
        reasons: reasons.get(assessorId) ?? {},
      };
    })
    .sort((a, b) => a.assessorRef.localeCompare(b.assessorRef));
  return {
    ...summary(ctx, row, known),
    params: params as unknown as Record<string, unknown>,
    assessors,
  };
}

export function listPlans(
  ctx: AppContext,
  input: { offset: number; limit: number } = { offset: 0, limit: 100 },
): { rows: PlanSummaryDto[]; total: number } {
  const rows = ctx.sqlite
    .prepare('SELECT * FROM sampling_plans ORDER BY id DESC LIMIT ? OFFSET ?')
    .all(input.limit, input.offset) as PlanRow[];
  const total = ctx.sqlite.prepare('SELECT count(*) FROM sampling_plans').pluck().get() as number;
  return { rows: rows.map((r) => summary(ctx, r)), total };
}

export function listPlanItems(
  ctx: AppContext,
  input: {
    planId: number;
    assessorId?: number | undefined;
    includeRemoved: boolean;
    limit: number;
    offset: number;
  },
): { rows: PlanItemDto[]; total: number } {
  planRow(ctx, input.planId);
  const where = `i.plan_id = ?${input.assessorId ? ' AND i.assessor_id = ?' : ''}${input.includeRemoved ? '' : ' AND i.removed_at IS NULL'}`;
  const params = input.assessorId ? [input.planId, input.assessorId] : [input.planId];
  const total = ctx.sqlite
    .prepare(`SELECT count(*) FROM sampling_plan_items i WHERE ${where}`)
    .pluck()
    .get(...params) as number;
  const rows = ctx.sqlite
    .prepare(
      `SELECT i.id AS itemId, i.decision_id AS decisionId, d.decision_ref AS decisionRef, a.ref AS assessorRef,
         m.code AS method, d.grade, d.attempt, d.assessment_date AS assessmentDate, emp.name AS employer,
         i.reasons_json AS reasons, i.source, i.removed_at IS NOT NULL AS removed, i.removed_reason AS removedReason,
         EXISTS (SELECT 1 FROM moderation_records r WHERE r.decision_id = d.id AND ${SETTLES}) AS moderated
       FROM sampling_plan_items i
       JOIN decisions d ON d.id = i.decision_id
       JOIN assessors a ON a.id = i.assessor_id
       JOIN assessment_methods m ON m.id = d.method_id
       JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
       LEFT JOIN employers emp ON emp.id = p.employer_id
       WHERE ${where} ORDER BY a.ref, i.removed_at IS NOT NULL, d.assessment_date, d.id LIMIT ? OFFSET ?`,
    )
    .all(...params, input.limit, input.offset) as (Omit<
    PlanItemDto,
    'reasons' | 'removed' | 'moderated'
  > & { reasons: string; removed: number; moderated: number })[];
  return {
    total,
    rows: rows.map((r) => ({
      ...r,
      reasons: JSON.parse(r.reasons) as string[],
      removed: r.removed === 1,
      moderated: r.moderated === 1,
    })),
  };
}

/**
 * Decisions in the plan's scope that are not in its sample, for adding one by hand: matched on
 * the decision reference, the apprentice's ULN or name, or the assessor's reference.
 */
export function searchScope(
  ctx: AppContext,
  input: { planId: number; query: string; limit: number },
): ScopeChoiceDto[] {
  planRow(ctx, input.planId);
  const q = input.query.trim();
  return (
    ctx.sqlite
      .prepare(
        `SELECT d.id AS decisionId, d.decision_ref AS decisionRef, p.uln,
           trim(coalesce(p.given_name, '') || ' ' || coalesce(p.family_name, '')) AS apprentice,
           a.ref AS assessorRef, m.code AS method, d.grade, d.attempt, d.assessment_date AS assessmentDate,
           d.status, e.status = 'confirmed' AS confirmed, s.flags_json AS flags
         FROM sampling_plan_scope s JOIN decisions d ON d.id = s.decision_id
         JOIN assessors a ON a.id = d.assessor_id JOIN assessment_methods m ON m.id = d.method_id
         JOIN epas e ON e.id = d.epa_id JOIN apprentices p ON p.id = e.apprentice_id
         WHERE s.plan_id = ? AND NOT EXISTS (
           SELECT 1 FROM sampling_plan_items i WHERE i.plan_id = s.plan_id AND i.decision_id = s.decision_id AND i.removed_at IS NULL)
           AND (? = '' OR d.decision_ref LIKE ? OR p.uln LIKE ? OR a.ref = ?
             OR (coalesce(p.given_name, '') || ' ' || coalesce(p.family_name, '')) LIKE ?)
         ORDER BY a.ref, d.assessment_date, d.id LIMIT ?`,
      )
      .all(input.planId, q, `%${q}%`, `${q}%`, q, `%${q}%`, input.limit) as (Omit<
      ScopeChoiceDto,
      'confirmed' | 'flags'
    > & { confirmed: number; flags: string })[]
  ).map((r) => ({ ...r, confirmed: r.confirmed === 1, flags: JSON.parse(r.flags) as string[] }));
}
