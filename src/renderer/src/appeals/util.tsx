import type { AppealDeadlineDto } from '@shared/contract';

/** Today as YYYY-MM-DD in the user's local time (dates are typed, not timestamps). */
export function localToday(): string {
  const d = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export { downloadBase64, fileToBase64 } from '../files';

export function daysText(d: AppealDeadlineDto): string {
  const unit = d.unit === 'working' ? 'working day' : 'day';
  if (d.urgency === 'overdue') {
    const n = Math.abs(d.daysRemaining);
    return n === 0 ? 'Overdue' : `Overdue by ${n} ${unit}${n === 1 ? '' : 's'}`;
  }
  if (d.daysRemaining === 0) return 'Due today';
  return `${d.daysRemaining} ${unit}${d.daysRemaining === 1 ? '' : 's'} left`;
}

export function DeadlinePill(props: { deadline: AppealDeadlineDto | null }): React.ReactNode {
  const d = props.deadline;
  if (!d) return <span className="muted">—</span>;
  return (
    <span className={`pill deadline-${d.urgency}`} data-testid="deadline-pill">
      {daysText(d)}
      {d.owner === 'appellant' ? ' (appellant)' : ''}
    </span>
  );
}
