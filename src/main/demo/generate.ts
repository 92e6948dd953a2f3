/**
 * Realistic synthetic EPAO data, deterministic from a seed, at any size. The same generator feeds
 * the app's "Load demo data", the tests and the benchmarks. Rows go in through prepared
 * statements with positional parameters: the bulk path measured fastest (engineering notes).
 */
import { createHash } from 'node:crypto';
import { count } from 'drizzle-orm';
import { makeUln } from '@shared/identifiers';
import { createRng, type Rng } from '@shared/random';
import { checkDecisionLimits, overallGrade, type StandardVersion } from '@shared/standards';
import type { AppContext } from '../core/context';
import { today } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { decisions } from '../db/schema';
import { runDecisionsWrittenHooks } from '../decisions/hooks';
import { allVersions, type VersionRow } from '../standards/load';
import { simulateHistory } from './history';
import { planStandardisation, writeDemoStandardisation } from './standardisation';
import {
  EMPLOYER_SUFFIXES,
  FAMILY_NAMES,
  GIVEN_NAMES,
  PLACES,
  PROVIDER_KINDS,
  SECTORS,
} from './names';

export interface DemoOptions {
  epas: number;
  seed?: number;
  /** Called every few thousand EPAs with the number done, for progress bars. */
  onProgress?: (done: number, total: number) => void;
  /** Simulate past sampling, moderation and confirmation (default true). */
  history?: boolean;
}

export interface DemoResult {
  epas: number;
  decisions: number;
  assessors: number;
  apprentices: number;
  employers: number;
  providers: number;
  flags: number;
  plans: number;
  moderations: number;
  confirmed: number;
  seconds: number;
}

const DAY = 86_400_000;
const ASSESSOR_COUNT = 30;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

interface DemoAssessor {
  id: number;
  index: number;
  ref: string;
  weight: number;
  /** Added to the latent grade: positive is lenient, negative severe. */
  bias: number;
  start: string;
  isNew: boolean;
  qualification: string;
  /** Assesses from their first standardisation (one new starter never attends). */
  availableFrom: string;
}

function gradeFrom(latent: number, grades: readonly string[]): string {
  // Thresholds chosen for a cohort of roughly 8% Fail, 62% Pass, 30% Distinction.
  if (latent < -1.4) return grades[0] ?? 'Fail';
  if (latent > 0.55) return grades[grades.length - 1] ?? 'Distinction';
  return grades[1] ?? 'Pass';
}

/**
 * The version an EPA is assessed under: the latest whose effectiveFrom is on or before the
 * gateway. The seeds date neither ST0071 version, so without dates the demo puts gateways more
 * than a year old on the first version and the rest on the latest.
 */
function pickVersion(versions: VersionRow[], gatewayDate: string, now: string): VersionRow {
  const dated = versions.filter((v) => v.definition.version.effectiveFrom);
  if (dated.length === 0) {
    return (gatewayDate < addDays(now, -365) ? versions[0] : versions.at(-1)) as VersionRow;
  }
  let chosen = versions[0] as VersionRow;
  for (const v of dated) {
    const from = v.definition.version.effectiveFrom as string;
    if (from <= gatewayDate && from >= (chosen.definition.version.effectiveFrom ?? '')) chosen = v;
  }
  return chosen;
}

interface MethodMeasures {
  durationMinutes: number | null;
  questioningMinutes: number | null;
  wordCount: number | null;
  evidencePieces: number | null;
}

/** Measurements near each method's limits, with a few outside them so flags appear. */
function measures(rng: Rng, version: StandardVersion, methodCode: string): MethodMeasures {
  const method = version.methods.find((m) => m.code === methodCode);
  const limits = method?.limits ?? {};
  const out: MethodMeasures = {
    durationMinutes: null,
    questioningMinutes: null,
    wordCount: null,
    evidencePieces: null,
  };
  if (limits.durationMinutes) {
    const { min, max } = limits.durationMinutes;
    const nominal = limits.durationMinutes.nominal ?? (min + max) / 2;
    out.durationMinutes = rng.chance(0.02)
      ? rng.chance(0.5)
        ? min - rng.int(1, 8)
        : max + rng.int(1, 8)
      : Math.round(Math.min(max, Math.max(min, rng.normal(nominal, (max - nominal) / 2.5))));
  }
  if (limits.questioningMaxShare !== undefined && out.durationMinutes !== null) {
    const cap = out.durationMinutes * limits.questioningMaxShare;
    out.questioningMinutes = rng.chance(0.02)
      ? Math.ceil(cap) + rng.int(1, 4)
      : Math.max(2, Math.min(Math.floor(cap), Math.round(rng.normal(cap * 0.75, 1))));
  }
  if (limits.wordCount) {
    const { min, max } = limits.wordCount;
    const nominal = limits.wordCount.nominal ?? (min + max) / 2;
    out.wordCount = rng.chance(0.02)
      ? rng.chance(0.5)
        ? min - rng.int(10, 300)
        : max + rng.int(10, 300)
      : Math.round(Math.min(max, Math.max(min, rng.normal(nominal, (max - nominal) / 2.5))));
  }
  if (limits.evidencePieces) {
    const { min, max } = limits.evidencePieces;
    out.evidencePieces = rng.chance(0.015)
      ? rng.chance(0.5)
        ? min - 1
        : max + 1
      : rng.int(min, max);
  }
  return out;
}

export function loadDemoData(ctx: AppContext, options: DemoOptions): DemoResult {
  const started = performance.now();
  const existing = ctx.db.select({ n: count() }).from(decisions).get()?.n ?? 0;
  if (existing > 0) {
    throw new DomainError(
      'refused',
      `Demo data goes into an empty database; this one already has ${existing.toLocaleString('en-GB')} decisions.`,
    );
  }
  const versions = allVersions(ctx);
  if (versions.length === 0) throw new DomainError('refused', 'No standards are loaded.');

  const seed = options.seed ?? 20_260_901;
  const rng = createRng(seed);
  const now = today(ctx);
  const s = ctx.sqlite;
  const total = options.epas;

  const run = s.transaction((): DemoResult => {
    const batchId = Number(
      s
        .prepare(
          `INSERT INTO import_batches (kind, file_name, file_hash, imported_by) VALUES ('demo', ?, ?, ?)`,
        )
        .run(
          `Demo data (${total.toLocaleString('en-GB')} EPAs, seed ${seed})`,
          createHash('sha256').update(`demo:${seed}:${total}`).digest('hex'),
          // Who loaded it, as for an import: the signed-in user, not the process.
          currentActor(ctx).name,
        ).lastInsertRowid,
    );

    // Assessors: a long tail of volumes, three lenient and two severe, a few new to the EPAO.
    const insertAssessor = s.prepare(
      `INSERT INTO assessors (ref, name, email, status, start_date, qualification_status, competence_since)
       VALUES (?, ?, ?, 'active', ?, ?, ?)`,
    );
    const assessors: DemoAssessor[] = [];
    for (let i = 0; i < ASSESSOR_COUNT; i++) {
      const given = rng.pick(GIVEN_NAMES);
      const family = rng.pick(FAMILY_NAMES);
      const ref = `IA${String(i + 1).padStart(3, '0')}`;
      const isNew = i >= ASSESSOR_COUNT - 3;
      const start = isNew ? addDays(now, -rng.int(20, 80)) : addDays(now, -rng.int(400, 3000));
      const qualification = rng.chance(0.15)
        ? 'working_towards'
        : rng.chance(0.1)
          ? 'equivalent_expertise'
          : 'held';
      const id = Number(
        insertAssessor.run(
          ref,
          `${given} ${family}`,
          `${given}.${family}`.toLowerCase().replace(/[^a-z.]/g, '') + '@assessors.example',
          start,
          qualification,
          addDays(start, -rng.int(800, 5000)),
        ).lastInsertRowid,
      );
      const bias =
        i === 3 || i === 11 || i === 19 ? 0.65 : i === 7 || i === 15 ? -0.6 : rng.normal(0, 0.08);
      assessors.push({
        id,
        index: i,
        ref,
        weight: isNew ? 0.3 : 1 / Math.pow(i + 1, 0.6),
        bias,
        start,
        isNew,
        qualification,
        availableFrom: start,
      });
    }
    const assessorWeights = assessors.map((a) => a.weight);
    const standardisation = planStandardisation(now, assessors, seed);
    for (const a of assessors) a.availableFrom = standardisation.availableFrom[a.index] ?? a.start;
    // Nobody assesses before they are standardised: the work goes to the next assessor who is.
    // (No random draw here, so the rest of the demo's stream is unchanged.)
    const availableOn = (a: DemoAssessor, date: string): DemoAssessor => {
      for (let k = 0; k < assessors.length; k++) {
        const b = assessors[(a.index + k) % assessors.length] as DemoAssessor;
        if (b.availableFrom <= date) return b;
      }
      return a;
    };

    // Employers and providers, in proportion to the volume.
    const employerCount = Math.max(8, Math.min(2500, Math.round(total / 25)));
    const providerCount = Math.max(4, Math.min(250, Math.round(total / 250)));
    const insertEmployer = s.prepare('INSERT INTO employers (name) VALUES (?)');
    const employerIds: number[] = [];
    const usedNames = new Set<string>();
    for (let i = 0; employerIds.length < employerCount; i++) {
      let name = `${rng.pick(PLACES)} ${rng.pick(SECTORS)} ${rng.pick(EMPLOYER_SUFFIXES)}`;
      if (usedNames.has(name)) name = `${name} (${i})`;
      usedNames.add(name);
      employerIds.push(Number(insertEmployer.run(name).lastInsertRowid));
    }
    const insertProvider = s.prepare('INSERT INTO providers (ukprn, name) VALUES (?, ?)');
    const providerIds: number[] = [];
    const usedUkprns = new Set<string>();
    while (providerIds.length < providerCount) {
      const ukprn = `1${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
      if (usedUkprns.has(ukprn)) continue;
      usedUkprns.add(ukprn);
      const name = `${rng.pick(PLACES)} ${rng.pick(PROVIDER_KINDS)} ${providerIds.length + 1}`;
      providerIds.push(Number(insertProvider.run(ukprn, name).lastInsertRowid));
    }
    // Each employer works mostly with one provider.
    const employerProvider = employerIds.map(() => rng.pick(providerIds));
    const employerWeights = employerIds.map((_, i) => 1 / Math.pow(i + 1, 0.5));

    const insertApprentice = s.prepare(
      'INSERT INTO apprentices (uln, given_name, family_name, employer_id, provider_id) VALUES (?, ?, ?, ?, ?)',
    );
    const insertEpa = s.prepare(
      'INSERT INTO epas (apprentice_id, standard_version_id, gateway_date, overall_grade, status) VALUES (?, ?, ?, ?, ?)',
    );
    const insertDecision = s.prepare(
      `INSERT INTO decisions (epa_id, decision_ref, method_id, attempt, assessor_id, assessment_date, grade,
         duration_minutes, questioning_minutes, word_count, evidence_pieces, exceptional_circumstances,
         status, import_batch_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'held', ?)`,
    );
    const insertFlag = s.prepare(
      'INSERT INTO compliance_flags (decision_id, code, field, message) VALUES (?, ?, ?, ?)',
    );

    const trueGrades = new Map<number, string>();
    let ulnPrefix = 100_000_000 + rng.int(0, 400_000_000);
    let decisionCount = 0;
    let flagCount = 0;
    const grades = (v: VersionRow) => v.definition.version.grades;

    for (let e = 0; e < total; e++) {
      let uln: string | null = null;
      while (uln === null) uln = makeUln(String(ulnPrefix++));
      const employerIndex = rng.weighted(employerWeights);
      const apprenticeId = Number(
        insertApprentice.run(
          uln,
          rng.pick(GIVEN_NAMES),
          rng.pick(FAMILY_NAMES),
          employerIds[employerIndex],
          employerProvider[employerIndex],
        ).lastInsertRowid,
      );
      const gateway = addDays(now, -rng.int(14, 730));
      const version = pickVersion(versions, gateway, now);
      const def = version.definition.version;
      const methodCodes = def.methods.map((m) => m.code);
      // Order of methods varies; the plan allows any order.
      for (let i = methodCodes.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [methodCodes[i], methodCodes[j]] = [methodCodes[j] as string, methodCodes[i] as string];
      }
      const mainAssessor = assessors[rng.weighted(assessorWeights)] as DemoAssessor;
      const ability = rng.normal(0, 1);
      let date = addDays(gateway, rng.int(7, 35));
      const latest: Record<string, string> = {};
      const epaDecisions: {
        trueGrade: string;
        methodCode: string;
        attempt: number;
        assessor: DemoAssessor;
        date: string;
        grade: string;
        m: MethodMeasures;
        ec: boolean;
      }[] = [];
      for (const methodCode of methodCodes) {
        if (date > now) break;
        const assessor = availableOn(
          rng.chance(0.7)
            ? mainAssessor
            : (assessors[rng.weighted(assessorWeights)] as DemoAssessor),
          date,
        );
        const performance = ability + rng.normal(0, 0.7);
        const grade = gradeFrom(performance + assessor.bias, grades(version));
        const trueGrade = gradeFrom(performance + rng.normal(0, 0.15), grades(version));
        epaDecisions.push({
          trueGrade,
          methodCode,
          attempt: 1,
          assessor,
          date,
          grade,
          m: measures(rng, def, methodCode),
          ec: false,
        });
        latest[methodCode] = grade;
        // A failed method may be re-sat within 12 months, capped at Pass (exceptional
        // circumstances aside); a few records break the cap so their flags show up.
        if (grade === grades(version)[0] && rng.chance(0.65)) {
          const resitDate = addDays(date, rng.int(30, 150));
          if (resitDate <= now) {
            const ec = rng.chance(0.05);
            const resitPerformance = ability + 0.9 + rng.normal(0, 0.7);
            let resitGrade = gradeFrom(resitPerformance + assessor.bias, grades(version));
            if (resitGrade === grades(version).at(-1) && !ec && !rng.chance(0.08))
              resitGrade = def.passGrade;
            const resitAssessor = availableOn(
              assessors[rng.weighted(assessorWeights)] as DemoAssessor,
              resitDate,
            );
            let trueResit = gradeFrom(resitPerformance, grades(version));
            if (trueResit === grades(version).at(-1) && !ec) trueResit = def.passGrade;
            epaDecisions.push({
              trueGrade: trueResit,
              methodCode,
              attempt: 2,
              assessor: resitAssessor,
              date: resitDate,
              grade: resitGrade,
              m: measures(rng, def, methodCode),
              ec,
            });
            latest[methodCode] = resitGrade;
          }
        }
        date = addDays(date, rng.int(1, 21));
      }

      const complete = methodCodes.every((m) => latest[m] !== undefined);
      const overall = complete ? overallGrade(def, latest) : null;
      const overallValue = overall && overall.grade !== null ? overall.grade : null;
      const epaId = Number(
        insertEpa.run(
          apprenticeId,
          version.id,
          gateway,
          overallValue,
          complete ? 'awaiting_confirmation' : 'in_progress',
        ).lastInsertRowid,
      );

      for (const d of epaDecisions) {
        const decisionId = Number(
          insertDecision.run(
            epaId,
            `DEMO-${String(e + 1).padStart(7, '0')}-${d.methodCode}-${d.attempt}`,
            version.methodIds.get(d.methodCode),
            d.attempt,
            d.assessor.id,
            d.date,
            d.grade,
            d.m.durationMinutes,
            d.m.questioningMinutes,
            d.m.wordCount,
            d.m.evidencePieces,
            d.ec ? 1 : 0,
            batchId,
          ).lastInsertRowid,
        );
        decisionCount++;
        trueGrades.set(decisionId, d.trueGrade);
        const issues = checkDecisionLimits(def, {
          method: d.methodCode,
          attempt: d.attempt,
          grade: d.grade,
          durationMinutes: d.m.durationMinutes ?? undefined,
          questioningMinutes: d.m.questioningMinutes ?? undefined,
          wordCount: d.m.wordCount ?? undefined,
          evidencePieces: d.m.evidencePieces ?? undefined,
          assessmentDate: d.date,
          gatewayDate: gateway,
          exceptionalCircumstances: d.ec,
        });
        for (const issue of issues) {
          insertFlag.run(decisionId, issue.code, issue.field, issue.message);
          flagCount++;
        }
      }
      if (options.onProgress && (e + 1) % 5000 === 0) options.onProgress(e + 1, total);
    }

    // Standardisation history and the register, then the rules every writer of decisions runs
    // (standardisation's compliance flags), before the past is sampled and moderated.
    writeDemoStandardisation(
      ctx,
      standardisation,
      {
        assessorIds: assessors.map((a) => a.id),
        qualification: assessors.map((a) => a.qualification),
        bias: assessors.map((a) => a.bias),
        isNew: assessors.map((a) => a.isNew),
      },
      { now, seed, versions, batchId, actor: ctx.session.fallbackActor },
    );
    runDecisionsWrittenHooks(
      ctx,
      s
        .prepare('SELECT id FROM decisions WHERE import_batch_id = ? ORDER BY id')
        .pluck()
        .all(batchId) as number[],
    );
    flagCount = s
      .prepare(
        'SELECT count(*) FROM compliance_flags f JOIN decisions d ON d.id = f.decision_id WHERE d.import_batch_id = ?',
      )
      .pluck()
      .get(batchId) as number;

    // Six weeks of recent work stay on hold: that is what the user samples and moderates now.
    const history =
      options.history === false
        ? { plans: 0, moderations: 0, confirmed: 0 }
        : simulateHistory(ctx, rng, trueGrades, addDays(now, -42));
    const result: DemoResult = {
      epas: total,
      decisions: decisionCount,
      assessors: assessors.length,
      apprentices: total,
      employers: employerIds.length,
      providers: providerIds.length,
      flags: flagCount,
      plans: history.plans,
      moderations: history.moderations,
      confirmed: history.confirmed,
      seconds: 0,
    };
    s.prepare('UPDATE import_batches SET rows_new = ?, flags = ? WHERE id = ?').run(
      decisionCount,
      flagCount,
      batchId,
    );
    writeAudit(ctx, {
      action: 'demo.load',
      entity: 'import_batch',
      entityId: batchId,
      after: { seed, ...result },
    });
    return result;
  });
  const result = run.immediate();
  options.onProgress?.(total, total);
  return { ...result, seconds: (performance.now() - started) / 1000 };
}
