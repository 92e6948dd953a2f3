/**
 * The sampling and moderation commands, the published interface: `sample` prints the
 * plan id, each assessor's decisions, floor, sampled and reasons, and the items with theirs;
 * `sample verify` proves a plan; `moderate` records a moderation, escalation included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/main';
import { tempDir } from '../support/context';

let dir: string;
let db: string;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    [...args, '--db', db],
    { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) },
    {},
  );
  return { code, out, err };
}

interface SampleJson {
  plan_id: number;
  status: string;
  seed: number;
  assessors: {
    assessor_ref: string;
    decisions: number;
    floor: number;
    sampled: number;
    reasons: Record<string, number>;
  }[];
  items: { decision_ref: string; assessor_ref: string; reasons: string[] }[];
}

beforeAll(async () => {
  dir = tempDir();
  db = path.join(dir, 'cli.sqlite');
  expect((await cli(['demo', '--epas', '800', '--seed', '9'])).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run iqa -- sample and moderate', () => {
  it('samples a period, publishes it, verifies it and records moderations', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    const run = await cli(['sample', '--from', from, '--to', today, '--seed', '11', '--json']);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.out) as SampleJson;
    expect(plan).toMatchObject({ status: 'draft', seed: 11 });
    expect(plan.assessors.length).toBeGreaterThan(5);
    for (const a of plan.assessors) {
      expect(a.sampled).toBeGreaterThanOrEqual(a.floor);
      expect(a.floor).toBe(Math.max(1, Math.ceil(a.decisions * 0.05 - 1e-9)));
      expect(Object.keys(a.reasons).length).toBeGreaterThan(0);
    }
    expect(plan.items.length).toBe(plan.assessors.reduce((s, a) => s + a.sampled, 0));
    expect(plan.items.every((i) => i.reasons.length > 0 && i.decision_ref.length > 0)).toBe(true);

    // The same inputs and seed again, published this time: the same sample.
    const published = await cli([
      'sample',
      '--from',
      from,
      '--to',
      today,
      '--seed',
      '11',
      '--publish',
      '--json',
    ]);
    const again = JSON.parse(published.out) as SampleJson;
    expect(again.status).toBe('published');
    expect(again.items.map((i) => i.decision_ref)).toEqual(plan.items.map((i) => i.decision_ref));

    const verify = await cli(['sample', 'verify', String(again.plan_id), '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ verified: true, missing: [], unexpected: [] });

    // A moderation that agrees (a Pass: no grade weighting among its reasons), then one that
    // disagrees and escalates.
    const agree = again.items.find(
      (i) => !i.reasons.some((r) => r.endsWith('weighting') && !r.startsWith('re-')),
    )!;
    const ok = await cli([
      'moderate',
      agree.decision_ref,
      '--grade',
      'Pass',
      '--outcome',
      'agreed',
      '--by',
      'Jordan Ellis',
      '--json',
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ grade_changed: false, escalation: null });

    const distinction = again.items.find(
      (i) => i !== agree && i.reasons.includes('distinction weighting'),
    );
    expect(distinction).toBeDefined();
    const changed = await cli([
      'moderate',
      distinction!.decision_ref,
      '--grade',
      'Pass',
      '--outcome',
      'grade_changed_borderline',
      '--by',
      'Sam Okafor',
      '--json',
    ]);
    expect(changed.code).toBe(0);
    expect(JSON.parse(changed.out)).toMatchObject({
      decision_ref: distinction!.decision_ref,
      grade_changed: true,
      escalation: { assessor_ref: distinction!.assessor_ref },
    });

    // Twice is refused.
    const twice = await cli([
      'moderate',
      distinction!.decision_ref,
      '--grade',
      'Pass',
      '--outcome',
      'agreed',
      '--by',
      'Ruth Patel',
    ]);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/already moderated by Sam Okafor/);
  });

  it('explains its usage when dates are missing', async () => {
    const bad = await cli(['sample', '--from', '2026-01-01']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--from and --to are required');
  });
});
