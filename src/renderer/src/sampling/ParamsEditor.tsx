import type { ReactNode } from 'react';

export type Params = Record<string, unknown>;

interface Setting {
  path: string;
  label: string;
  /** Shown and typed as a percentage (stored as a share, 0.05). */
  percent?: boolean;
  points?: boolean;
  boolean?: boolean;
  step?: number;
  min?: number;
  max?: number;
  unit?: string;
}

const GROUPS: { title: string; settings: Setting[] }[] = [
  {
    title: 'The floor',
    settings: [{ path: 'floorRate', label: 'Floor per assessor', percent: true, min: 5, max: 100 }],
  },
  {
    title: 'New assessors',
    settings: [
      {
        path: 'newAssessorDecisions',
        label: 'First decisions on a standard, all moderated',
        min: 0,
        max: 1000,
        unit: 'decisions',
      },
      {
        path: 'newAssessorMonths',
        label: 'First months, all moderated',
        min: 0,
        max: 60,
        unit: 'months',
      },
      {
        path: 'newAssessorFollowOnMonths',
        label: 'Then a higher rate for',
        min: 0,
        max: 60,
        unit: 'months',
      },
      {
        path: 'uplift.new_assessor',
        label: 'Higher rate for a recently new assessor',
        points: true,
      },
    ],
  },
  {
    title: 'Risk uplift (added to the floor)',
    settings: [
      { path: 'uplift.disagreement', label: 'Moderation disagreement', points: true },
      { path: 'uplift.upheld_appeal', label: 'Upheld appeal', points: true },
      { path: 'uplift.standardisation_overdue', label: 'Standardisation overdue', points: true },
      { path: 'uplift.outlier', label: 'Outlying grade profile', points: true },
    ],
  },
  {
    title: 'Always and more likely',
    settings: [
      {
        path: 'alwaysSampleFlagged',
        label: 'Always sample decisions with a compliance flag',
        boolean: true,
      },
      {
        path: 'weights.Distinction',
        label: 'Weight of a Distinction',
        step: 0.5,
        min: 0,
        max: 100,
        unit: '× a Pass',
      },
      {
        path: 'weights.Fail',
        label: 'Weight of a Fail',
        step: 0.5,
        min: 0,
        max: 100,
        unit: '× a Pass',
      },
      {
        path: 'weights.resit',
        label: 'Weight of a re-sit or re-take',
        step: 0.5,
        min: 0,
        max: 100,
        unit: '×',
      },
    ],
  },
];

export function getPath(params: Params, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], params);
}

export function setPath(params: Params, path: string, value: unknown): Params {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  if (rest.length === 0) return { ...params, [head]: value };
  return { ...params, [head]: setPath((params[head] as Params) ?? {}, rest.join('.'), value) };
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** The draw's settings with their defaults and plain-English help, editable before generating. */
export function ParamsEditor(props: {
  params: Params;
  defaults: Params;
  help: Record<string, string>;
  onChange: (params: Params) => void;
}): ReactNode {
  const changed = JSON.stringify(props.params) !== JSON.stringify(props.defaults);
  return (
    <div className="params" data-testid="params">
      {GROUPS.map((group) => (
        <fieldset key={group.title}>
          <legend>{group.title}</legend>
          {group.settings.map((s) => {
            const id = `p-${s.path.replace('.', '-')}`;
            const value = getPath(props.params, s.path);
            const fallback = getPath(props.defaults, s.path);
            const scale = s.percent || s.points ? 100 : 1;
            const shown = (v: unknown): string =>
              typeof v === 'boolean'
                ? v
                  ? 'yes'
                  : 'no'
                : `${round(Number(v) * scale)}${s.percent ? '%' : s.points ? ' points' : ''}`;
            return (
              <div key={s.path} className={`param${s.boolean ? ' param-check' : ''}`}>
                {s.boolean ? (
                  <label htmlFor={id} className="param-label">
                    <input
                      id={id}
                      type="checkbox"
                      checked={value === true}
                      onChange={(e) =>
                        props.onChange(setPath(props.params, s.path, e.target.checked))
                      }
                    />{' '}
                    {s.label}
                  </label>
                ) : (
                  <>
                    <label htmlFor={id} className="param-label">
                      {s.label}
                    </label>
                    <span className="param-input">
                      <input
                        id={id}
                        type="number"
                        value={round(Number(value) * scale)}
                        step={s.step ?? 1}
                        min={s.min ?? 0}
                        max={s.max ?? 100}
                        onChange={(e) =>
                          props.onChange(
                            setPath(props.params, s.path, Number(e.target.value) / scale),
                          )
                        }
                      />{' '}
                      {s.percent ? '%' : s.points ? 'points' : (s.unit ?? '')}
                    </span>
                  </>
                )}
                <span className="param-help">
                  {props.help[s.path] ?? ''}{' '}
                  {value !== fallback ? (
                    <span className="changed">(default {shown(fallback)})</span>
                  ) : null}
                </span>
              </div>
            );
          })}
        </fieldset>
      ))}
      {changed ? (
        <button
          type="button"
          className="link-button"
          onClick={() => props.onChange(props.defaults)}
        >
          Back to the defaults
        </button>
      ) : null}
    </div>
  );
}
