import { OUTCOME_LABELS, STATUS_LABELS } from '@shared/appeals';
import { listAppeals } from '../../appeals/service';
import { type CliCommand, UsageError } from '../types';

export const appealsCommand: CliCommand = {
  name: 'appeals',
  summary: 'List enquiries about results and appeals, with deadlines and days remaining',
  usage: 'appeals list [--open] [--json]',
  options: {
    open: { type: 'boolean', description: 'only open enquiries and appeals, most urgent first' },
  },
  run(ctx, { positionals, values, json }, io) {
    if (positionals[0] !== 'list' || positionals.length > 1)
      throw new UsageError('Use `appeals list [--open] [--json]`.');
    const { rows, coverage } = listAppeals(ctx, { openOnly: values.open === true });
    if (json) {
      io.out(
        JSON.stringify(
          {
            calendar: {
              first_year: coverage.firstYear,
              last_year: coverage.lastYear,
              snapshot_taken: coverage.snapshotTaken,
            },
            appeals: rows.map((r) => ({
              ref: r.ref,
              kind: r.kind,
              type: r.type,
              status: r.status,
              uln: r.uln,
              apprentice: r.apprentice,
              standard: r.standard,
              version: r.version,
              appellant_kind: r.appellantKind,
              received_date: r.receivedDate,
              late: r.late,
              grounds: r.grounds,
              outcome: r.outcome,
              deadline: r.deadline
                ? {
                    label: r.deadline.label,
                    due_date: r.deadline.dueDate,
                    unit: r.deadline.unit,
                    days_remaining: r.deadline.daysRemaining,
                    urgency: r.deadline.urgency,
                    calendar_warning: r.deadline.calendarWarning,
                  }
                : null,
              certificate_reissue: r.certificateReissue,
            })),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    if (rows.length === 0) {
      io.out(
        values.open === true ? 'No open enquiries or appeals.' : 'No enquiries or appeals logged.',
      );
      return 0;
    }
    for (const r of rows) {
      const due = r.deadline
        ? `${r.deadline.label} due ${r.deadline.dueDate} (${r.deadline.daysRemaining} ${r.deadline.unit} day(s) left${r.deadline.urgency === 'overdue' ? ', OVERDUE' : r.deadline.urgency === 'due_soon' ? ', due soon' : ''})`
        : r.outcome
          ? OUTCOME_LABELS[r.outcome]
          : '';
      io.out(
        `${r.ref}  ${r.uln}  ${r.apprentice}  ${STATUS_LABELS[r.status]}${r.late ? '  LATE' : ''}  ${due}`,
      );
      if (r.deadline?.calendarWarning) io.out(`  warning: ${r.deadline.calendarWarning}`);
    }
    io.out(
      `Bank holidays known for ${coverage.firstYear} to ${coverage.lastYear} (snapshot ${coverage.snapshotTaken}).`,
    );
    return 0;
  },
};
