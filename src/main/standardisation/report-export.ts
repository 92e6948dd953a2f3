/** The annual standardisation report as a PDF (pdfkit) and a CSV (formula injection neutralised). */
import { COMPLIANCE_LABELS, COMPLIANCE_STATUSES, longDate } from '@shared/standardisation';
import { csvDocument, csvLine } from '@shared/csv';
import type { ReportDto, StatDto } from '@shared/contract';
import { today, type AppContext } from '../core/context';
import { newPdf } from '../analytics/pdf-layout';
import { standardisationReport } from './report';

export function pct(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** "0.72 (95% CI 0.41 to 1.00)", or why there is no figure. */
export function statText(s: StatDto): string {
  if (s.value === null) return s.n === 0 ? 'no grades yet' : 'undefined (every grade the same)';
  const ci = s.ci95 ? ` (95% CI ${s.ci95[0].toFixed(2)} to ${s.ci95[1].toFixed(2)})` : '';
  return `${s.value.toFixed(2)}${ci}${s.enough ? '' : `, ${s.n} pairs: too few for a verdict`}`;
}

function formatLabel(format: string | null): string {
  return format === 'in_person'
    ? 'in person'
    : format === 'remote'
      ? 'remote'
      : 'format not recorded';
}

export function reportTitle(r: ReportDto): string {
  return `Standardisation report ${r.year}: ${r.standard.code} ${r.standard.title}`;
}

export async function reportPdf(ctx: AppContext, r: ReportDto): Promise<Buffer> {
  const doc = await newPdf({ size: 'A4', margin: 42, info: { Title: reportTitle(r) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  const heading = (text: string): void => {
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).fillColor('#000').text(text);
    doc.moveDown(0.2).font('Helvetica').fontSize(9.5);
  };
  const line = (text: string): void => {
    doc.font('Helvetica').fontSize(9.5).text(text);
  };

  doc.font('Helvetica-Bold').fontSize(16).text(reportTitle(r));
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#555')
    .text(
      `${longDate(r.from)} to ${longDate(r.to)}. Compliance as at ${longDate(r.at)}. Produced ${longDate(today(ctx))}. ` +
        `Policy: standardised at least once every ${r.policy.windowMonths} months on each standard version assessed; due soon within ${r.policy.dueSoonDays} days; exercise agreement target ${pct(r.policy.agreementTarget)}.`,
    );
  doc.fillColor('#000');

  heading('Summary');
  line(
    `${r.events.length} event${r.events.length === 1 ? '' : 's'} covered ${r.standard.code}. ` +
      `Attendance: ${r.attendance.attended} of ${r.attendance.recorded} recorded places (${pct(r.attendance.rate)}). ` +
      `${r.attendance.assessorsAttended} of ${r.attendance.assessorsInScope} assessors on the standard attended at least one event; ${r.neverAttending.length} did not.`,
  );
  line(
    `Compliance at ${longDate(r.at)}: ${COMPLIANCE_STATUSES.map((s) => `${COMPLIANCE_LABELS[s].toLowerCase()} ${r.compliance.counts[s] ?? 0}`).join(', ')}.`,
  );
  line(
    `Decisions on ${r.standard.code} in ${r.year}: ${r.flags.decisions}. Flagged: not standardised on the version ${r.flags.standardisation_never}; standardisation lapsed ${r.flags.standardisation_lapsed}; assessor not meeting the criteria ${r.flags.assessor_ineligible}.`,
  );

  heading('Events');
  if (r.events.length === 0)
    line(`No standardisation event covered ${r.standard.code} in ${r.year}.`);
  for (const e of r.events) {
    doc
      .font('Helvetica-Bold')
      .fontSize(9.5)
      .text(`${longDate(e.date)}  ${e.title}`);
    line(
      `${e.standards.join(', ')}; ${formatLabel(e.format)}${e.facilitator ? `; facilitated by ${e.facilitator}` : ''}. ` +
        `Attended ${e.attended}, apologies ${e.apologies}, absent ${e.absent} (${pct(e.rate)}). Exercises: ${e.exercises}.`,
    );
  }

  heading('Assessors who attended no event this year');
  if (r.neverAttending.length === 0)
    line('None: every assessor on the standard attended at least one event.');
  for (const a of r.neverAttending)
    line(
      `${a.ref} ${a.name}: ${a.lastEver ? `last standardised ${longDate(a.lastEver)}` : 'never standardised on this standard'}; now ${COMPLIANCE_LABELS[a.status].toLowerCase()}.`,
    );

  heading(`Compliance at ${longDate(r.at)}`);
  for (const c of r.compliance.rows)
    line(
      `${c.ref} ${c.name}: ${COMPLIANCE_LABELS[c.status]}${c.lastAttended ? `, last ${longDate(c.lastAttended)}` : ''}${c.dueBy ? `, due by ${longDate(c.dueBy)}` : ''}`,
    );
  if (r.compliance.rows.length === 0) line('No active assessors on this standard.');

  heading('Sample-marking exercises');
  if (r.exercises.length === 0) line('No sample-marking exercise on this standard this year.');
  for (const x of r.exercises) {
    doc
      .font('Helvetica-Bold')
      .fontSize(9.5)
      .text(`${longDate(x.eventDate)}  ${x.title} (${x.version})`);
    line(
      `${x.items} items, ${x.participants} participants. Exact agreement with the agreed grades ${pct(x.exact)}; weighted kappa ${statText(x.kappa)}; Gwet's AC2 ${statText(x.ac)}. Needing follow-up: ${x.followUp}.`,
    );
  }

  heading('Agreement by assessor, across the year');
  if (r.agreement.length === 0) line('No grades recorded.');
  for (const a of r.agreement) {
    line(
      `${a.ref} ${a.name}: ${a.matches} of ${a.items} items matched (${pct(a.exact)}); weighted kappa ${statText(a.kappa)}; mean difference ${a.meanDifference === null ? '—' : a.meanDifference.toFixed(2)} grade steps.`,
    );
    if (a.followUp.length > 0)
      doc
        .fillColor('#8a4b00')
        .text(`   Follow up: ${a.followUp.join('; ')}.`)
        .fillColor('#000');
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export function reportCsv(r: ReportDto): string {
  const lines: string[] = [csvLine([reportTitle(r)]), csvLine(['Compliance as at', r.at]), ''];
  lines.push(
    csvLine([
      'Event date',
      'Title',
      'Standards',
      'Format',
      'Facilitator',
      'Attended',
      'Apologies',
      'Absent',
      'Attendance rate',
      'Exercises',
    ]),
  );
  for (const e of r.events)
    lines.push(
      csvLine([
        e.date,
        e.title,
        e.standards.join('; '),
        formatLabel(e.format),
        e.facilitator,
        e.attended,
        e.apologies,
        e.absent,
        pct(e.rate),
        e.exercises,
      ]),
    );
  lines.push(
    '',
    csvLine(['Assessor', 'Name', 'Attended this year', 'Last standardised', 'Status']),
  );
  const absent = new Set(r.neverAttending.map((a) => a.ref));
  for (const c of r.compliance.rows)
    lines.push(
      csvLine([
        c.ref,
        c.name,
        absent.has(c.ref) ? 'no' : 'yes',
        c.lastAttended,
        COMPLIANCE_LABELS[c.status],
      ]),
    );
  lines.push(
    '',
    csvLine([
      'Assessor',
      'Name',
      'Items',
      'Matched',
      'Exact agreement',
      'Weighted kappa',
      'Mean difference',
      'Follow-up',
    ]),
  );
  for (const a of r.agreement)
    lines.push(
      csvLine([
        a.ref,
        a.name,
        a.items,
        a.matches,
        pct(a.exact),
        a.kappa.value === null ? '' : a.kappa.value.toFixed(3),
        a.meanDifference === null ? '' : a.meanDifference.toFixed(3),
        a.followUp.join('; '),
      ]),
    );
  return csvDocument(lines);
}

export async function exportReport(
  ctx: AppContext,
  input: { standard: string; year: number; format: 'pdf' | 'csv' },
): Promise<{ fileName: string; base64: string }> {
  const r = standardisationReport(ctx, input);
  const base = `standardisation-report-${r.standard.code}-${r.year}`;
  if (input.format === 'csv')
    return {
      fileName: `${base}.csv`,
      base64: Buffer.from(reportCsv(r), 'utf8').toString('base64'),
    };
  return { fileName: `${base}.pdf`, base64: (await reportPdf(ctx, r)).toString('base64') };
}
