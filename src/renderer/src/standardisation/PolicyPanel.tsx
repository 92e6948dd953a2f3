import { useState, type ReactNode } from 'react';
import { STANDARDISATION_POLICY_HELP, type StandardisationPolicy } from '@shared/standardisation';
import { call, messageOf } from '../api/client';
import { Alert } from '../components/Alert';
import { pct } from './pills';

type Key = keyof StandardisationPolicy;

const FIELDS: {
  key: Key;
  label: string;
  unit: string;
  min: number;
  max: number;
  step: number;
  share?: boolean;
}[] = [
  {
    key: 'windowMonths',
    label: 'Standardised at least once every',
    unit: 'months',
    min: 1,
    max: 36,
    step: 1,
  },
  { key: 'dueSoonDays', label: '“Due soon” within', unit: 'days', min: 0, max: 365, step: 1 },
  {
    key: 'competenceYears',
    label: 'Occupational competence needed',
    unit: 'years',
    min: 0,
    max: 20,
    step: 1,
  },
  {
    key: 'agreementTarget',
    label: 'Exercise agreement target',
    unit: '%',
    min: 0,
    max: 100,
    step: 5,
    share: true,
  },
  { key: 'kappaTarget', label: 'Weighted kappa target', unit: '', min: -1, max: 1, step: 0.05 },
  {
    key: 'minItemsForKappa',
    label: 'Items needed for a kappa verdict',
    unit: 'items',
    min: 2,
    max: 1000,
    step: 1,
  },
];

/** The settings the compliance rules use, shown to everyone and editable by an IQA lead. */
export function PolicyPanel(props: {
  policy: StandardisationPolicy;
  canEdit: boolean;
  onSaved: () => void;
}): ReactNode {
  const [draft, setDraft] = useState(props.policy);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const p = props.policy;

  async function save(): Promise<void> {
    setError(null);
    try {
      const result = await call('standardisation:set-policy', { policy: draft });
      setSaved(
        `Saved. Flags changed on ${result.flagsChanged} decision${result.flagsChanged === 1 ? '' : 's'}.`,
      );
      props.onSaved();
    } catch (err) {
      setError(messageOf(err));
    }
  }

  return (
    <details className="panel policy-panel" data-testid="standardisation-policy">
      <summary>
        Rules in force: at least once every {p.windowMonths} months on each standard version; due
        soon within {p.dueSoonDays} days; {p.competenceYears} years’ occupational competence;
        exercise agreement target {pct(p.agreementTarget)}
      </summary>
      <table className="table compact">
        <tbody>
          {FIELDS.map((f) => (
            <tr key={f.key}>
              <th scope="row">{f.label}</th>
              <td className="nowrap">
                {props.canEdit ? (
                  <input
                    type="number"
                    aria-label={`${f.label} (${f.unit || 'value'})`}
                    min={f.min}
                    max={f.max}
                    step={f.step}
                    value={f.share ? Math.round(draft[f.key] * 100) : draft[f.key]}
                    onChange={(e) => {
                      const n = Number(e.target.value);
                      setDraft({ ...draft, [f.key]: f.share ? n / 100 : n });
                      setSaved(null);
                    }}
                  />
                ) : f.share ? (
                  Math.round(p[f.key] * 100)
                ) : (
                  p[f.key]
                )}{' '}
                {f.unit}
              </td>
              <td className="muted small">{STANDARDISATION_POLICY_HELP[f.key]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {error ? <Alert message={error} /> : null}
      {props.canEdit ? (
        <p className="actions-row">
          <button type="button" className="button secondary" onClick={() => void save()}>
            Save rules and recompute flags
          </button>
          {saved ? <span role="status">{saved}</span> : null}
        </p>
      ) : null}
    </details>
  );
}
