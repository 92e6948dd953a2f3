/**
 * The evidence pack rendered for real and read back with poppler (pdftotext, pdfinfo, pdftoppm),
 * as an external quality assurer would read it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/api/dispatch';
import {
  evidenceSections,
  registerEvidenceSection,
} from '../../../src/main/analytics/evidence-pack';
import { loadDemoData } from '../../../src/main/demo/generate';
import { openTestApp, signInLead, type TestApp } from '../../support/context';

let app: TestApp;
let pdfPath: string;
let text: string;

beforeAll(async () => {
  app = await openTestApp();
  loadDemoData(app.ctx, { epas: 1500, seed: 3 });
  signInLead(app.ctx, 'Priya Shah');
  const r = await dispatch(app.ctx, 'analytics:evidence-pack', {
    from: '2025-11-21',
    to: '2026-11-20',
  });
  if (!r.ok) throw new Error(r.error.message);
  const file = r.value as { fileName: string; base64: string };
  expect(file.fileName).toBe('iqa-evidence-pack-2025-11-21-to-2026-11-20.pdf');
  pdfPath = path.join(app.dir, file.fileName);
  fs.writeFileSync(pdfPath, Buffer.from(file.base64, 'base64'));
  // -layout keeps table rows on one line, as they are printed.
  text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
});
afterAll(() => app.close());

function pages(): string[] {
  return text.split('\f').filter((p) => p.trim().length > 0);
}

describe('evidence pack', () => {
  it('says when, from which database and by whom it was produced', () => {
    const first = pages()[0] ?? '';
    expect(first).toContain('IQA evidence pack');
    expect(first).toContain('Period 2025-11-21 to 2026-11-20');
    expect(first).toContain('Produced by: Priya Shah');
    expect(first).toContain(`Database: ${app.dbPath}`);
    expect(first).toMatch(/Produced: 2026-11-20 10:00 UTC/);
    const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+IQA evidence pack, 2025-11-21 to 2026-11-20/);
    expect(info).toMatch(/Author:\s+Priya Shah/);
  });

  it('has each section on its own pages, numbered, in the order of the contents', () => {
    const all = pages();
    expect(all.length).toBeGreaterThanOrEqual(6);
    const titles = evidenceSections().map((s, i) => `${i + 1}. ${s.title}`);
    expect(titles).toEqual([
      '1. Sampling plans and coverage',
      '2. Moderation outcomes and actions',
      '3. Standardisation attendance',
      '4. Sample-marking exercises',
      '5. Enquiries and appeals',
      '6. Assessor consistency',
    ]);
    let last = 0;
    for (const t of titles) {
      const at = all.findIndex((p, i) => i > 0 && p.includes(t));
      expect(at, t).toBeGreaterThan(last - 1);
      last = at;
    }
    all.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${all.length}`));
  });

  it('carries the figures: plans, coverage, outcomes, consistency with kappa and outliers', () => {
    expect(text).toContain('Monthly sample');
    expect(text).toMatch(/IA001 \S+ \S+\s+[\d,]+\s+[\d,]+ \([\d.]+%\)/);
    expect(text).toContain('Agreed');
    expect(text).toContain('Documentation review');
    expect(text).toContain("Quadratic weighted Cohen's kappa (95% CI)");
    expect(text).toContain('IA004 (outlier)');
    expect(text).toContain('too few to judge');
    expect(text).toContain('Criteria moderators most often disagree on');
  });

  it('carries standardisation: events with attendance, each assessor as judged at the end, and the exercises', () => {
    // The demo keeps a year of standardisation history with two sample-marking exercises.
    expect(text).not.toContain('No standardisation events are recorded in this period.');
    expect(text).toMatch(/Standardisation meeting|Winter standardisation/);
    expect(text).toContain('Each active assessor at the end of the period');
    expect(text).toMatch(/IA001 \S+ \S+\s+(Compliant|Due soon|Overdue|Never attended)/);
    expect(text).toContain('Sample-marking exercises');
    expect(text).toMatch(/items marked by \d+ assessors\. Matched the agreed grade: [\d.]+%/);
    expect(text).toContain('Needing follow-up');
  });

  it('renders every page as an image', () => {
    const prefix = path.join(app.dir, 'page');
    execFileSync('pdftoppm', ['-png', '-r', '60', pdfPath, prefix]);
    const images = fs
      .readdirSync(app.dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(images.length).toBe(pages().length);
    for (const img of images)
      expect(fs.statSync(path.join(app.dir, img)).size).toBeGreaterThan(2000);
    if (process.env.IQA_KEEP_PDF) fs.copyFileSync(pdfPath, process.env.IQA_KEEP_PDF);
  });

  it('takes another added section where it is asked for, without changing the pack', async () => {
    registerEvidenceSection(
      {
        id: 'tool-reviews',
        title: 'Assessment tool reviews',
        write: (doc) => void doc.text('Reviews appear here.'),
      },
      'appeals',
    );
    expect(evidenceSections().map((s) => s.id)).toEqual([
      'sampling',
      'moderation',
      'standardisation',
      'exercises',
      'appeals',
      'tool-reviews',
      'consistency',
    ]);
    const r = await dispatch(app.ctx, 'analytics:evidence-pack', {
      from: '2026-01-01',
      to: '2026-06-30',
    });
    expect(r.ok).toBe(true);
  });
});
