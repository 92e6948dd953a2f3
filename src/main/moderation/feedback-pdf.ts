/**
 * A one-page feedback sheet for the assessor, per moderation record. pdfkit is pure JavaScript,
 * so the same code serves the desktop app, the web adapter and the CLI.
 */
import { ACTIVITY_LABELS, outcomeLabel } from '@shared/contract';
import { today, type AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { newPdf } from '../analytics/pdf-layout';
import { listRecords, readDecision } from './records';

export async function feedbackPdf(
  ctx: AppContext,
  recordId: number,
): Promise<{ fileName: string; base64: string }> {
  const decisionId = ctx.sqlite
    .prepare('SELECT decision_id FROM moderation_records WHERE id = ?')
    .pluck()
    .get(recordId) as number | undefined;
  if (decisionId === undefined)
    throw new DomainError('not_found', `Moderation record ${recordId} does not exist.`);
  const d = readDecision(ctx, decisionId);
  const record = listRecords(ctx, decisionId).find((r) => r.id === recordId);
  if (!record) throw new DomainError('not_found', `Moderation record ${recordId} does not exist.`);
  const criteria = ctx.sqlite
    .prepare(
      `SELECT c.code, c.text FROM grading_criteria c JOIN assessment_methods m ON m.id = c.method_id
       JOIN epas e ON e.standard_version_id = m.standard_version_id JOIN decisions d ON d.epa_id = e.id AND d.method_id = m.id
       WHERE d.id = ?`,
    )
    .all(decisionId) as { code: string; text: string }[];
  const textOf = new Map(criteria.map((c) => [c.code, c.text]));

  const doc = await newPdf({
    size: 'A4',
    margin: 48,
    info: { Title: `Moderation feedback ${d.decisionRef ?? d.id}`, Author: record.moderatorName },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));

  doc.font('Helvetica-Bold').fontSize(16).text('Moderation feedback to the independent assessor');
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#555')
    .text(`Produced ${today(ctx)} from ${ctx.store.path}`);
  doc.moveDown(0.8).fillColor('#000').fontSize(10);
  const line = (label: string, value: string): void => {
    doc
      .font('Helvetica-Bold')
      .text(`${label}: `, { continued: true })
      .font('Helvetica')
      .text(value);
  };
  line('Assessor', `${d.assessorName} (${d.assessorRef})`);
  line(
    'Decision',
    `${d.decisionRef ?? d.id}: ${d.standard} v${d.version}, ${d.method} attempt ${d.attempt}, assessed ${d.assessmentDate}`,
  );
  line('Apprentice', `${d.apprentice} (ULN ${d.uln})${d.employer ? `, ${d.employer}` : ''}`);
  line(
    'Moderated by',
    `${record.moderatorName} on ${record.moderationDate}, ${ACTIVITY_LABELS[record.activity as keyof typeof ACTIVITY_LABELS] ?? record.activity}`,
  );
  line('Grades', `assessor ${record.originalGrade}; moderated ${record.moderatedGrade}`);
  line('Outcome', outcomeLabel(record.outcome, record.source));
  if (record.criteria.length) {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).text('Criteria');
    doc.fontSize(9);
    for (const c of record.criteria.slice(0, 24)) {
      doc
        .font('Helvetica-Bold')
        .text(`${c.code} ${c.judgement === 'agree' ? 'agree' : 'DISAGREE'}: `, { continued: true })
        .font('Helvetica')
        .text(`${(textOf.get(c.code) ?? '').slice(0, 160)}${c.note ? ` Note: ${c.note}` : ''}`);
    }
  }
  if (record.feedback) {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).text('Feedback');
    doc.font('Helvetica').fontSize(10).text(record.feedback.slice(0, 2500));
  }
  if (record.actions.length) {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).text('Actions');
    doc.font('Helvetica').fontSize(10);
    for (const a of record.actions)
      doc.text(`• ${a.description}${a.dueDate ? ` (by ${a.dueDate})` : ''}`);
  }
  doc.end();
  await done;
  return {
    fileName: `moderation-feedback-${(d.decisionRef ?? String(d.id)).replace(/[^A-Za-z0-9_-]/g, '_')}-${recordId}.pdf`,
    base64: Buffer.concat(chunks).toString('base64'),
  };
}
