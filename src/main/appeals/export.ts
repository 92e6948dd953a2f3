/**
 * The appeals register for a year (by received date), as CSV and PDF, with counts by outcome,
 * ground, method and assessor. CSV cells are neutralised against formula injection.
 */
import {
  APPEAL_TYPE_LABELS,
  OUTCOME_LABELS,
  STATUS_LABELS,
  csvLine,
  type Outcome,
} from '@shared/appeals';
import { today, type AppContext } from '../core/context';
import { newPdf } from '../analytics/pdf-layout';
import { appealDecisions, getAppeal, listAppeals } from './service';
import { currentPolicy } from './policy';

export interface RegisterEntry {
  ref: string;
  kind: string;
  type: string;
  uln: string;
  apprentice: string;
  standard: string;
  appellant: string;
  receivedDate: string;
  late: boolean;
  grounds: string[];
  methods: string[];
  assessors: string[];
  status: string;
  outcome: string;
  decidedOn: string | null;
  gradeChanges: string;
  certificateReissue: boolean;
}

export interface Register {
  year: number;
  entries: RegisterEntry[];
  counts: {
    byOutcome: [string, number][];
    byGround: [string, number][];
    byMethod: [string, number][];
    byAssessor: [string, number][];
  };
}

function count(values: string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function appealsRegister(ctx: AppContext, year: number): Register {
  const groundLabel = new Map(currentPolicy(ctx).grounds.map((g) => [g.code, g.label]));
  const entries = listAppeals(ctx, { openOnly: false, year }).rows.map((r): RegisterEntry => {
    const detail = getAppeal(ctx, r.id);
    const decisions = appealDecisions(ctx, r.id);
    return {
      ref: r.ref,
      kind: r.kind === 'enquiry' ? 'Enquiry about results' : 'Appeal',
      type: APPEAL_TYPE_LABELS[r.type],
      uln: r.uln,
      apprentice: r.apprentice,
      standard: `${r.standard} v${r.version}`,
      appellant: `${r.appellantName} (${r.appellantKind})`,
      receivedDate: r.receivedDate,
      late: r.late,
      grounds: r.grounds.map((g) => groundLabel.get(g) ?? g),
      methods: [...new Set(decisions.map((d) => d.method))],
      assessors: [...new Set(decisions.map((d) => `${d.assessorRef} ${d.assessorName}`))],
      status: STATUS_LABELS[r.status],
      outcome: r.outcome ? OUTCOME_LABELS[r.outcome as Outcome] : 'Pending',
      decidedOn: detail.decidedOn,
      gradeChanges: detail.gradeChanges
        .map((g) => `${g.method} ${g.oldGrade}→${g.newGrade}`)
        .join('; '),
      certificateReissue: r.certificateReissue,
    };
  });
  return {
    year,
    entries,
    counts: {
      byOutcome: count(entries.map((e) => e.outcome)),
      byGround: count(entries.flatMap((e) => e.grounds)),
      byMethod: count(entries.flatMap((e) => e.methods)),
      byAssessor: count(entries.flatMap((e) => e.assessors)),
    },
  };
}

export function registerCsv(register: Register): string {
  const lines = [
    csvLine([
      'Reference',
      'Kind',
      'Type',
      'ULN',
      'Apprentice',
      'Standard',
      'Appellant',
      'Received',
      'Late',
      'Grounds',
      'Methods',
      'Assessors',
      'Status',
      'Outcome',
      'Decided',
      'Grade changes',
      'Certificate re-issue',
    ]),
    ...register.entries.map((e) =>
      csvLine([
        e.ref,
        e.kind,
        e.type,
        e.uln,
        e.apprentice,
        e.standard,
        e.appellant,
        e.receivedDate,
        e.late ? 'yes' : 'no',
        e.grounds.join('; '),
        e.methods.join('; '),
        e.assessors.join('; '),
        e.status,
        e.outcome,
        e.decidedOn,
        e.gradeChanges,
        e.certificateReissue ? 'yes' : 'no',
      ]),
    ),
    '',
  ];
  const section = (title: string, rows: [string, number][]): void => {
    lines.push(csvLine([title, 'Count']));
    for (const [k, n] of rows) lines.push(csvLine([k, n]));
    lines.push('');
  };
  section('Outcome', register.counts.byOutcome);
  section('Ground', register.counts.byGround);
  section('Method', register.counts.byMethod);
  section('Assessor', register.counts.byAssessor);
  return lines.join('\r\n');
}

export async function registerPdf(ctx: AppContext, register: Register): Promise<Buffer> {
  const doc = await newPdf({
    size: 'A4',
    layout: 'landscape',
    margin: 36,
    info: { Title: `Appeals register ${register.year}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font('Helvetica-Bold').fontSize(16).text(`Appeals register ${register.year}`);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#555')
    .text(
      `Enquiries about results and appeals received in ${register.year}: ${register.entries.length}. Produced ${today(ctx)}.`,
    );
  doc.moveDown(0.6).fillColor('#000');
  const counts = (title: string, rows: [string, number][]): void => {
    doc.font('Helvetica-Bold').fontSize(11).text(title);
    doc.font('Helvetica').fontSize(9);
    if (rows.length === 0) doc.text('None');
    for (const [k, n] of rows) doc.text(`${k}: ${n}`);
    doc.moveDown(0.4);
  };
  counts('By outcome', register.counts.byOutcome);
  counts('By ground', register.counts.byGround);
  counts('By method', register.counts.byMethod);
  counts('By assessor', register.counts.byAssessor);
  doc.addPage();
  doc.font('Helvetica-Bold').fontSize(12).text('Register');
  doc.moveDown(0.3);
  for (const e of register.entries) {
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .text(`${e.ref}  ${e.kind}  ${e.type}${e.late ? '  (late)' : ''}`);
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .text(
        `${e.apprentice} (ULN ${e.uln}), ${e.standard}; appellant ${e.appellant}; received ${e.receivedDate}; ${e.status}; outcome ${e.outcome}${e.decidedOn ? ` on ${e.decidedOn}` : ''}`,
      )
      .text(
        `Grounds: ${e.grounds.join('; ')}. Methods: ${e.methods.join(', ') || 'none'}. Assessors: ${e.assessors.join(', ') || 'none'}.${e.gradeChanges ? ` Grade changes: ${e.gradeChanges}.` : ''}${e.certificateReissue ? ' Certificate to be re-issued.' : ''}`,
      );
    doc.moveDown(0.4);
  }
  if (register.entries.length === 0)
    doc.font('Helvetica').fontSize(9).text('No appeals this year.');
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export async function exportRegister(
  ctx: AppContext,
  input: { year: number; format: 'csv' | 'pdf' },
): Promise<{ fileName: string; base64: string }> {
  const register = appealsRegister(ctx, input.year);
  if (input.format === 'csv') {
    return {
      fileName: `appeals-register-${input.year}.csv`,
      base64: Buffer.from(`\uFEFF${registerCsv(register)}`, 'utf8').toString('base64'),
    };
  }
  return {
    fileName: `appeals-register-${input.year}.pdf`,
    base64: (await registerPdf(ctx, register)).toString('base64'),
  };
}
