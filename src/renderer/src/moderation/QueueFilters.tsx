import { useState, type FormEvent, type ReactNode } from 'react';
import type { QueueFilter } from '@shared/contract';

/** The reasons a decision is sampled for, as the plan writes them: what "reason" filters on. */
export const REASON_CHOICES = [
  '5% floor',
  'compliance flag',
  'new assessor',
  'risk uplift',
  'spread',
  'distinction weighting',
  'fail weighting',
  're-sit weighting',
  'added by',
  'escalated after disagreement',
];

interface Draft {
  assessorRef: string;
  method: string;
  grade: string;
  reason: string;
  status: 'to_do' | 'done' | 'all';
  dueBefore: string;
  moderator: string;
}

function toDraft(f: QueueFilter): Draft {
  return {
    assessorRef: f.assessorRef ?? '',
    method: f.method ?? '',
    grade: f.grade ?? '',
    reason: f.reason ?? '',
    status: f.status,
    dueBefore: f.dueBefore ?? '',
    moderator: f.moderator === undefined ? '' : String(f.moderator),
  };
}

function fromDraft(d: Draft, planId?: number): QueueFilter {
  const f: QueueFilter = { status: d.status };
  if (planId) f.planId = planId;
  if (d.assessorRef.trim()) f.assessorRef = d.assessorRef.trim();
  if (d.method) f.method = d.method;
  if (d.grade) f.grade = d.grade;
  if (d.reason.trim()) f.reason = d.reason.trim();
  if (d.dueBefore) f.dueBefore = d.dueBefore;
  if (d.moderator === 'unassigned') f.moderator = 'unassigned';
  else if (d.moderator) f.moderator = Number(d.moderator);
  return f;
}

/** Choices apply at once; the typed ones (assessor, reason) on Enter or Apply. */
export function QueueFilters(props: {
  filter: QueueFilter;
  methods: string[];
  grades: string[];
  moderators: { id: number; name: string }[];
  onChange: (filter: QueueFilter) => void;
}): ReactNode {
  // The page keys this form by the applied filter, so a link or a saved view starts it afresh.
  const [draft, setDraft] = useState<Draft>(() => toDraft(props.filter));
  // The plan comes only from links (a plan's "Open in the queue"); it stays until removed.
  const plan = props.filter.planId;
  const set = (patch: Partial<Draft>, apply = true): void => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (apply) props.onChange(fromDraft(next, plan));
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    props.onChange(fromDraft(draft, plan));
  };
  return (
    <form className="filters queue-filters" onSubmit={submit} aria-label="Filter the queue">
      <div className="field">
        <label htmlFor="q-status">Status</label>
        <select
          id="q-status"
          value={draft.status}
          onChange={(e) => set({ status: e.target.value as Draft['status'] })}
        >
          <option value="to_do">To do</option>
          <option value="done">Done</option>
          <option value="all">All</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="q-assessor">Assessor</label>
        <input
          id="q-assessor"
          value={draft.assessorRef}
          onChange={(e) => set({ assessorRef: e.target.value }, false)}
          onBlur={() => props.onChange(fromDraft(draft, plan))}
          placeholder="e.g. IA007"
          size={9}
        />
      </div>
      <div className="field">
        <label htmlFor="q-method">Method</label>
        <select
          id="q-method"
          value={draft.method}
          onChange={(e) => set({ method: e.target.value })}
        >
          <option value="">Any</option>
          {props.methods.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="q-grade">Grade</label>
        <select id="q-grade" value={draft.grade} onChange={(e) => set({ grade: e.target.value })}>
          <option value="">Any</option>
          {props.grades.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="q-reason">Why sampled</label>
        <input
          id="q-reason"
          list="q-reasons"
          value={draft.reason}
          onChange={(e) => set({ reason: e.target.value }, false)}
          onBlur={() => props.onChange(fromDraft(draft, plan))}
          placeholder="Any reason"
          size={14}
        />
        <datalist id="q-reasons">
          {REASON_CHOICES.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="q-due">Due by</label>
        <input
          id="q-due"
          type="date"
          value={draft.dueBefore}
          onChange={(e) => set({ dueBefore: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="q-moderator">Moderator</label>
        <select
          id="q-moderator"
          value={draft.moderator}
          onChange={(e) => set({ moderator: e.target.value })}
        >
          <option value="">Anyone</option>
          <option value="unassigned">Unassigned</option>
          {props.moderators.map((m) => (
            <option key={m.id} value={String(m.id)}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field actions">
        {props.filter.planId ? (
          <button
            type="button"
            className="chip"
            onClick={() => props.onChange(fromDraft(draft))}
            title="Show items from every plan"
          >
            Plan {props.filter.planId} only <span aria-hidden="true">✕</span>
          </button>
        ) : null}
        <button type="submit" className="button secondary">
          Apply
        </button>
        <button
          type="button"
          className="button secondary"
          onClick={() => set(toDraft({ status: 'to_do' }))}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
