/**
 * Sample-marking exercises in the evidence pack: for each exercise held at an event in the
 * period, how closely the attendees' grades matched the agreed grades and who needed follow-up,
 * the figures the Standardisation tab shows.
 */
import type { EvidenceSection } from '../analytics/evidence-pack';
import { heading, paragraph, table } from '../analytics/pdf-layout';
import { fmtCi, fmtNumber, fmtPercent } from '../analytics/words';
import { loadExercise } from './exercise-results';

function leaning(meanDifference: number | null): string {
  if (meanDifference === null) return '';
  if (Math.abs(meanDifference) < 0.005) return 'even';
  return `${meanDifference > 0 ? 'lenient' : 'severe'} by ${fmtNumber(Math.abs(meanDifference), 2)}`;
}

export const exercisesEvidenceSection: EvidenceSection = {
  id: 'exercises',
  title: 'Sample-marking exercises',
  write(doc, data, ctx) {
    const ids = ctx.sqlite
      .prepare(
        `SELECT x.id FROM standardisation_exercises x
         JOIN standardisation_events e ON e.id = x.event_id
         WHERE e.event_date BETWEEN ? AND ? ORDER BY e.event_date, x.id`,
      )
      .pluck()
      .all(data.filter.from, data.filter.to) as number[];
    if (ids.length === 0) {
      paragraph(doc, 'No sample-marking exercises were held in this period.', { muted: true });
      return;
    }
    for (const id of ids) {
      const x = loadExercise(ctx, id);
      const g = x.results.group;
      heading(doc, `${x.title}: ${x.eventTitle}, ${x.eventDate} (${x.version.name})`, 2);
      paragraph(
        doc,
        `${fmtNumber(x.items.length)} items marked by ${fmtNumber(g.participants)} assessors. ` +
          `Matched the agreed grade: ${fmtPercent(g.exact)}. Weighted kappa ` +
          `${fmtNumber(g.kappa.value, 2)} ${fmtCi(g.kappa.ci95, 2)}` +
          `${g.kappa.enough ? '' : ' (too few grades for a verdict)'}. ` +
          `Needing follow-up: ${fmtNumber(g.followUp)}.`,
      );
      table(
        doc,
        [
          { header: 'Assessor', width: 170 },
          { header: 'Matched', width: 60, align: 'right' },
          { header: 'Exact', width: 50, align: 'right' },
          { header: 'Leaning', width: 90 },
          { header: 'Follow-up', width: 330 },
        ],
        x.results.assessors.map((a) => [
          `${a.ref} ${a.name}`,
          `${fmtNumber(a.matches)} of ${fmtNumber(a.items)}`,
          fmtPercent(a.exact),
          leaning(a.meanDifference),
          a.followUp.join('; ') || 'none',
        ]),
        'No grades were recorded for this exercise.',
      );
    }
  },
};
