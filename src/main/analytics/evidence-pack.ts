/**
 * The evidence pack: a PDF an IQA lead hands to an external quality assurer for a period. It is a
 * list of sections, so a domain can add its own (the standardisation module's sample-marking
 * exercises go in with registerEvidenceSection) without this file changing.
 */
import { OUTCOME_LABELS, STATUS_LABELS } from '@shared/appeals';
import type { AnalyticsFilter } from '@shared/contract';
import { FUNNEL_LEVELS } from '@shared/statistics';
import type { AppContext } from '../core/context';
import { gatherEvidence, type EvidenceData } from './evidence-data';
import { describeFilter } from './filter';
import { facts, footers, heading, newPdf, paragraph, table, type Doc } from './pdf-layout';
import { fmtCi, fmtNumber, fmtPercent, leaningWords, positionWords } from './words';

export interface EvidenceSection {
  id: string;
  title: string;
  write(doc: Doc, data: EvidenceData, ctx: AppContext): void;
}

const sampling: EvidenceSection = {
  id: 'sampling',
  title: 'Sampling plans and coverage',
  write(doc, data) {
    paragraph(
      doc,
      `Plans whose period overlaps ${data.filter.from} to ${data.filter.to}. Each published plan can be re-run from its stored scope, seed and rules version with \`npm run iqa -- sample verify\`.`,
      { muted: true },
    );
    table(
      doc,
      [
        { header: 'Plan', width: 250 },
        { header: 'Period', width: 130 },
        { header: 'Status', width: 180 },
        { header: 'In scope', width: 60, align: 'right' },
        { header: 'Sampled', width: 60, align: 'right' },
        { header: 'Moderated', width: 60, align: 'right' },
      ],
      data.plans.map((p) => [
        `${p.title} (#${p.id}, ${p.rulesVersion}, seed ${p.seed})`,
        `${p.from} to ${p.to}`,
        p.status === 'published'
          ? `published ${p.publishedAt?.slice(0, 10) ?? ''} by ${p.publishedBy ?? ''}`
          : 'draft',
        fmtNumber(p.inScope),
        fmtNumber(p.sampled),
        fmtNumber(p.moderated),
      ]),
      'No sampling plans cover this period.',
    );
    heading(doc, 'Coverage per assessor', 2);
    paragraph(
      doc,
      `Share of each assessor's decisions in the scope of published plans that were sampled and moderated, against the ${fmtPercent(data.floorRate)} floor of the assessment plan and the plans' risk-adjusted target.`,
      { muted: true },
    );
    table(
      doc,
      [
        { header: 'Assessor', width: 220 },
        { header: 'In scope', width: 80, align: 'right' },
        { header: 'Sampled', width: 110, align: 'right' },
        { header: 'Moderated', width: 110, align: 'right' },
        { header: 'Risk-adjusted target', width: 110, align: 'right' },
        { header: 'Floor met', width: 80 },
      ],
      data.coverage.map((c) => [
        `${c.assessorRef} ${c.assessorName}`,
        fmtNumber(c.inScope),
        `${fmtNumber(c.sampled)} (${fmtPercent(c.sampledShare)})`,
        `${fmtNumber(c.moderated)} (${fmtPercent(c.moderatedShare)})`,
        fmtPercent(c.targetShare),
        c.sampledShare !== null && c.sampledShare + 1e-9 >= data.floorRate ? 'yes' : 'NO',
      ]),
      'No decisions were in the scope of a published plan in this period.',
    );
  },
};

const moderation: EvidenceSection = {
  id: 'moderation',
  title: 'Moderation outcomes and actions',
  write(doc, data) {
    const m = data.moderation;
    facts(doc, [
      ['Moderation records in the period', fmtNumber(m.records)],
      ['Grades changed by moderation', fmtNumber(m.gradeChanged)],
      [
        'Actions for assessors',
        `${fmtNumber(m.actions.total)} set, ${fmtNumber(m.actions.closed)} closed, ${fmtNumber(m.actions.open)} open (${fmtNumber(m.actions.overdue)} past their due date)`,
      ],
    ]);
    table(
      doc,
      [
        { header: 'Outcome', width: 300 },
        { header: 'Records', width: 80, align: 'right' },
      ],
      m.byOutcome.map(([k, n]) => [k, fmtNumber(n)]),
      'No moderation was recorded in this period.',
    );
    table(
      doc,
      [
        { header: 'Moderation activity', width: 300 },
        { header: 'Records', width: 80, align: 'right' },
      ],
      m.byActivity.map(([k, n]) => [k, fmtNumber(n)]),
      'No moderation was recorded in this period.',
    );
  },
};

const standardisation: EvidenceSection = {
  id: 'standardisation',
  title: 'Standardisation attendance',
  write(doc, data) {
    const s = data.standardisation;
    table(
      doc,
      [
        { header: 'Date', width: 70 },
        { header: 'Event', width: 230 },
        { header: 'Format', width: 70 },
        { header: 'Attended', width: 55, align: 'right' },
        { header: 'Apologies', width: 55, align: 'right' },
        { header: 'Absent', width: 50, align: 'right' },
      ],
      s.events.map((e) => [
        e.date,
        e.title,
        e.format ?? '',
        fmtNumber(e.attended),
        fmtNumber(e.apologies),
        fmtNumber(e.absent),
      ]),
      'No standardisation events are recorded in this period.',
    );
    heading(doc, 'Each active assessor at the end of the period', 2);
    table(
      doc,
      [
        { header: 'Assessor', width: 220 },
        { header: 'Standardisation', width: 110 },
        { header: 'Last attended', width: 110 },
        { header: 'Due by', width: 110 },
      ],
      s.assessors.map((a) => [
        `${a.ref} ${a.name}`,
        a.status,
        a.lastAttended ?? 'never',
        a.dueBy ?? '',
      ]),
      'No active assessors.',
    );
  },
};

const appeals: EvidenceSection = {
  id: 'appeals',
  title: 'Enquiries and appeals',
  write(doc, data) {
    table(
      doc,
      [
        { header: 'Reference', width: 90 },
        { header: 'Received', width: 80 },
        { header: 'Apprentice', width: 250 },
        { header: 'Status', width: 130 },
        { header: 'Outcome', width: 190 },
      ],
      data.appeals.map((a) => [
        a.ref,
        a.receivedDate,
        `${a.apprentice} (${a.standard} v${a.version})`,
        STATUS_LABELS[a.status],
        a.outcome ? OUTCOME_LABELS[a.outcome] : 'pending',
      ]),
      'No enquiries or appeals were received in this period.',
    );
  },
};

const consistency: EvidenceSection = {
  id: 'consistency',
  title: 'Assessor consistency',
  write(doc, data) {
    const c = data.consistency;
    const cohort = c.cohort;
    facts(doc, [
      ['Decisions (grades as the assessor awarded them)', fmtNumber(cohort.decisions)],
      ['Cohort Distinction rate', fmtPercent(cohort.distinctionRate)],
      ['Cohort Fail rate', fmtPercent(cohort.failRate)],
      ['Moderated decisions', fmtNumber(cohort.agreement.moderated)],
      ['Exact agreement with moderation', fmtPercent(cohort.agreement.exactAgreement)],
      [
        "Quadratic weighted Cohen's kappa (95% CI)",
        `${fmtNumber(cohort.agreement.kappaQuadratic, 3)} ${fmtCi(cohort.agreement.kappaCi95)}`,
      ],
      [
        "Gwet's AC2, quadratic (95% CI)",
        `${fmtNumber(cohort.agreement.gwetAc2, 3)} ${fmtCi(cohort.agreement.gwetAc2Ci95)}`,
      ],
    ]);
    paragraph(
      doc,
      `Funnel plot: each assessor's rate against the cohort rate, with exact binomial control limits (Spiegelhalter 2005) at ${FUNNEL_LEVELS.warning * 100}% and ${FUNNEL_LEVELS.outlier * 100}%; outside ${FUNNEL_LEVELS.outlier * 100}% is an outlier and raises the assessor's sampling rate. Agreement figures are shown only from ${c.thresholds.minModeratedPairs} moderated decisions; mean difference is the assessor's grade minus the moderated grade, in grade steps (positive is lenient).`,
      { muted: true },
    );
    table(
      doc,
      [
        { header: 'Assessor', width: 100 },
        { header: 'Decisions', width: 55, align: 'right' },
        { header: 'Fail / Pass / Distinction', width: 125, align: 'right' },
        { header: 'Funnel', width: 140 },
        { header: 'Moderated', width: 58, align: 'right' },
        { header: 'Exact', width: 45, align: 'right' },
        { header: 'Kappa (95% CI)', width: 105, align: 'right' },
        { header: 'AC2', width: 40, align: 'right' },
        { header: 'Mean diff.', width: 78, align: 'right' },
      ],
      c.assessors.map((a) => {
        const g = a.grades;
        const share = (k: string): string =>
          fmtPercent(a.decisions ? (g[k] ?? 0) / a.decisions : null);
        const ag = a.agreement;
        const funnel = [
          a.distinction.position !== 'within'
            ? `Distinction ${positionWords(a.distinction.position)}`
            : '',
          a.fail.position !== 'within' ? `Fail ${positionWords(a.fail.position)}` : '',
        ]
          .filter(Boolean)
          .join('; ');
        return [
          `${a.assessorRef}${a.outlier ? ' (outlier)' : ''}`,
          fmtNumber(a.decisions),
          `${share('Fail')} / ${share('Pass')} / ${share('Distinction')}`,
          funnel || 'within limits',
          fmtNumber(ag.moderated),
          ag.enough ? fmtPercent(ag.exactAgreement) : '—',
          ag.enough
            ? `${fmtNumber(ag.kappaQuadratic, 2)} ${fmtCi(ag.kappaCi95, 2)}`
            : 'too few to judge',
          ag.enough ? fmtNumber(ag.gwetAc2, 2) : '—',
          ag.enough ? `${fmtNumber(ag.meanDifference, 2)} ${leaningWords(ag.leaning)}` : '—',
        ];
      }),
      'No decisions in this period.',
    );
    heading(doc, 'Criteria moderators most often disagree on', 2);
    const top = data.heatmap.methods
      .flatMap((m) => m.criteria.map((cr) => ({ method: m.method, ...cr })))
      .filter((cr) => cr.disagreed > 0)
      .sort((a, b) => b.rate - a.rate || b.disagreed - a.disagreed)
      .slice(0, 12);
    table(
      doc,
      [
        { header: 'Method', width: 55 },
        { header: 'Criterion', width: 520 },
        { header: 'Judged', width: 70, align: 'right' },
        { header: 'Disagreed', width: 90, align: 'right' },
      ],
      top.map((t) => [
        t.method,
        `${t.code}${t.text ? `: ${t.text.slice(0, 200)}${t.text.length > 200 ? '…' : ''}` : ''}`,
        fmtNumber(t.judged),
        `${fmtNumber(t.disagreed)} (${fmtPercent(t.rate)})`,
      ]),
      'No criterion disagreements were recorded.',
    );
  },
};

const sections: EvidenceSection[] = [sampling, moderation, standardisation, appeals, consistency];

/** Adds a section, after the one named (or at the end). Registering the same id twice replaces it. */
export function registerEvidenceSection(section: EvidenceSection, after?: string): void {
  const existing = sections.findIndex((s) => s.id === section.id);
  if (existing >= 0) sections.splice(existing, 1);
  const at = after ? sections.findIndex((s) => s.id === after) : -1;
  if (at >= 0) sections.splice(at + 1, 0, section);
  else sections.push(section);
}

export function evidenceSections(): readonly EvidenceSection[] {
  return sections;
}

export async function renderEvidencePack(ctx: AppContext, data: EvidenceData): Promise<Buffer> {
  const title = `IQA evidence pack, ${data.filter.from} to ${data.filter.to}`;
  const doc = await newPdf({
    size: 'A4',
    // Landscape: the consistency table has nine columns of figures.
    layout: 'landscape',
    margin: 48,
    bufferPages: true,
    info: { Title: title, Author: data.producedBy, Creator: 'IQA Desk' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));

  doc.font('Helvetica-Bold').fontSize(20).text('IQA evidence pack');
  doc.font('Helvetica').fontSize(12).text(`Period ${data.filter.from} to ${data.filter.to}`);
  doc.moveDown(0.8);
  const filters = Object.entries(describeFilter(data.filter)).filter(
    ([k]) => k !== 'from' && k !== 'to',
  );
  facts(doc, [
    ['Produced', `${data.producedAt.slice(0, 16).replace('T', ' ')} UTC`],
    ['Produced by', data.producedBy],
    ['Database', data.database.path],
    ['Schema version', String(data.database.schemaVersion)],
    ['Decisions in the database', fmtNumber(data.database.decisions)],
    [
      'Filters',
      filters.length
        ? filters.map(([k, v]) => `${k} ${v}`).join(', ')
        : 'none (every standard, method, provider, employer and assessor)',
    ],
  ]);
  heading(doc, 'Contents', 2);
  sections.forEach((s, i) => paragraph(doc, `${i + 1}. ${s.title}`));
  for (const [i, s] of sections.entries()) {
    doc.addPage();
    heading(doc, `${i + 1}. ${s.title}`);
    s.write(doc, data, ctx);
  }
  footers(
    doc,
    `${title} · produced ${data.producedAt.slice(0, 10)} by ${data.producedBy} from ${data.database.path}`,
  );
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export async function evidencePack(
  ctx: AppContext,
  filter: AnalyticsFilter,
): Promise<{ fileName: string; base64: string }> {
  const pdf = await renderEvidencePack(ctx, gatherEvidence(ctx, filter));
  return {
    fileName: `iqa-evidence-pack-${filter.from}-to-${filter.to}.pdf`,
    base64: pdf.toString('base64'),
  };
}
