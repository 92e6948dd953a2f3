import { useId, type ReactNode } from 'react';
import type { AnalyticsFilter, FilterOptionsDto } from '@shared/contract';
import { defaultPeriod } from './state';

function monthsBack(to: string, months: number): string {
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Period, standard and version, method, provider, employer and assessor. Every change applies at
 * once; the period has presets because most questions are "the last quarter" or "the last year".
 */
export function FilterBar(props: {
  filter: AnalyticsFilter;
  options: FilterOptionsDto | undefined;
  onChange: (filter: AnalyticsFilter) => void;
}): ReactNode {
  const id = useId();
  const f = props.filter;
  const o = props.options;
  const set = (patch: Partial<AnalyticsFilter>): void => {
    const next: AnalyticsFilter = { ...f, ...patch };
    for (const k of Object.keys(next) as (keyof AnalyticsFilter)[]) {
      if (next[k] === '' || next[k] === undefined) delete next[k];
    }
    if (!next.standard) delete next.version;
    props.onChange(next);
  };
  const versions = o?.standards.find((s) => s.code === f.standard)?.versions ?? [];
  const today = defaultPeriod().to;
  return (
    <form
      className="filters dashboard-filters"
      aria-label="Dashboard filters"
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input
          id={`${id}-from`}
          type="date"
          value={f.from}
          max={f.to}
          required
          onChange={(e) => e.target.value && set({ from: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          type="date"
          value={f.to}
          min={f.from}
          required
          onChange={(e) => e.target.value && set({ to: e.target.value })}
        />
      </div>
      <div className="field presets" role="group" aria-label="Period presets">
        <span className="field-label" aria-hidden="true">
          Period
        </span>
        <div className="preset-buttons">
          {[
            ['3 months', 3],
            ['12 months', 12],
            ['2 years', 24],
          ].map(([label, months]) => (
            <button
              key={label}
              type="button"
              className="button secondary small-button"
              aria-pressed={f.to === today && f.from === monthsBack(today, months as number)}
              onClick={() => set({ from: monthsBack(today, months as number), to: today })}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-standard`}>Standard</label>
        <select
          id={`${id}-standard`}
          value={f.standard ?? ''}
          onChange={(e) => set({ standard: e.target.value })}
        >
          <option value="">All</option>
          {o?.standards.map((s) => (
            <option key={s.code} value={s.code}>
              {s.code}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-version`}>Version</label>
        <select
          id={`${id}-version`}
          value={f.version ?? ''}
          disabled={!f.standard}
          onChange={(e) => set({ version: e.target.value })}
        >
          <option value="">All</option>
          {versions.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-method`}>Method</label>
        <select
          id={`${id}-method`}
          value={f.method ?? ''}
          onChange={(e) => set({ method: e.target.value })}
        >
          <option value="">All</option>
          {o?.methods.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-provider`}>Provider</label>
        <select
          id={`${id}-provider`}
          value={f.provider ?? ''}
          onChange={(e) => set({ provider: e.target.value })}
        >
          <option value="">All</option>
          {o?.providers.map((p) => (
            <option key={p.ukprn} value={p.ukprn}>
              {p.name} ({p.ukprn})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-employer`}>Employer</label>
        <input
          id={`${id}-employer`}
          list={`${id}-employers`}
          defaultValue={f.employer ?? ''}
          key={f.employer ?? ''}
          placeholder="Any employer"
          size={18}
          onBlur={(e) => set({ employer: e.target.value.trim() })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') set({ employer: e.currentTarget.value.trim() });
          }}
        />
        <datalist id={`${id}-employers`}>
          {o?.employers.slice(0, 500).map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={`${id}-assessor`}>Assessor</label>
        <select
          id={`${id}-assessor`}
          value={f.assessor ?? ''}
          onChange={(e) => set({ assessor: e.target.value })}
        >
          <option value="">All</option>
          {o?.assessors.map((a) => (
            <option key={a.ref} value={a.ref}>
              {a.ref} {a.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field actions">
        <button
          type="button"
          className="button secondary"
          onClick={() => props.onChange({ ...defaultPeriod() })}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
