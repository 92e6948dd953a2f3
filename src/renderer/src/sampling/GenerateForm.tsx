import { useState, type FormEvent, type ReactNode } from 'react';
import type { PlanDto } from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { localToday } from '../appeals/util';
import { emit } from '../e2e';
import { formatDate } from '../format';
import { ParamsEditor, type Params } from './ParamsEditor';
import { monthPeriod, previousMonth, quarterOf, quarterPeriod } from './periods';

type Kind = 'month' | 'quarter' | 'custom';

/**
 * A new plan: the period (a month, a quarter or dates), the standards, an optional seed, and the
 * draw's settings with their defaults explained before anything is generated. Generating makes
 * a draft; nothing is released until it is published.
 */
export function GenerateForm(props: {
  onGenerated: (plan: PlanDto) => void;
  onCancel: () => void;
}): ReactNode {
  const defaults = useApi('sampling:get-defaults', {});
  const standards = useApi('standards:list', {});
  const today = localToday();
  const [kind, setKind] = useState<Kind>('month');
  const [month, setMonth] = useState(previousMonth(today));
  const [quarter, setQuarter] = useState(quarterOf(today));
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [seed, setSeed] = useState('');
  const [title, setTitle] = useState('');
  const [params, setParams] = useState<Params | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const codes = [...new Set((standards.data ?? []).map((s) => s.code))];
  const selected = chosen ?? codes;
  const period =
    kind === 'month'
      ? monthPeriod(month)
      : kind === 'quarter'
        ? quarterPeriod(quarter.year, quarter.quarter)
        : custom.from && custom.to
          ? custom
          : null;
  const current = params ?? defaults.data?.params ?? null;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!period) {
      setError('Choose the period the plan covers.');
      return;
    }
    if (selected.length === 0) {
      setError('Choose at least one standard.');
      return;
    }
    const seedNumber = seed.trim() === '' ? undefined : Number(seed);
    if (seedNumber !== undefined && (!Number.isInteger(seedNumber) || seedNumber < 0)) {
      setError('The seed is a whole number of 0 or more, or blank for a random one.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const plan = await call('sampling:generate-plan', {
        from: period.from,
        to: period.to,
        standards: selected,
        ...(seedNumber !== undefined ? { seed: seedNumber } : {}),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(params ? { params } : {}),
      });
      emit('plan-generated');
      props.onGenerated(plan);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const years = [quarterOf(today).year, quarterOf(today).year - 1, quarterOf(today).year - 2];
  return (
    <form
      className="panel generate-form"
      onSubmit={(e) => void submit(e)}
      data-testid="generate-form"
    >
      <div className="detail-head">
        <h2>Generate a sampling plan</h2>
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      <div className="generate-grid">
        <div>
          <fieldset>
            <legend>Period</legend>
            <div className="row">
              {(['month', 'quarter', 'custom'] as Kind[]).map((k) => (
                <label key={k} className="radio">
                  <input
                    type="radio"
                    name="kind"
                    checked={kind === k}
                    onChange={() => setKind(k)}
                  />
                  {k === 'month' ? 'A month' : k === 'quarter' ? 'A quarter' : 'Other dates'}
                </label>
              ))}
            </div>
            {kind === 'month' ? (
              <div className="field">
                <label htmlFor="g-month">Month</label>
                <input
                  id="g-month"
                  type="month"
                  value={month}
                  onChange={(e) => setMonth(e.target.value)}
                />
              </div>
            ) : null}
            {kind === 'quarter' ? (
              <div className="row">
                <div className="field">
                  <label htmlFor="g-qyear">Year</label>
                  <select
                    id="g-qyear"
                    value={quarter.year}
                    onChange={(e) => setQuarter({ ...quarter, year: Number(e.target.value) })}
                  >
                    {years.map((y) => (
                      <option key={y}>{y}</option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="g-quarter">Quarter</label>
                  <select
                    id="g-quarter"
                    value={quarter.quarter}
                    onChange={(e) => setQuarter({ ...quarter, quarter: Number(e.target.value) })}
                  >
                    <option value={1}>January to March</option>
                    <option value={2}>April to June</option>
                    <option value={3}>July to September</option>
                    <option value={4}>October to December</option>
                  </select>
                </div>
              </div>
            ) : null}
            {kind === 'custom' ? (
              <div className="row">
                <div className="field">
                  <label htmlFor="g-from">From</label>
                  <input
                    id="g-from"
                    type="date"
                    value={custom.from}
                    onChange={(e) => setCustom({ ...custom, from: e.target.value })}
                  />
                </div>
                <div className="field">
                  <label htmlFor="g-to">To</label>
                  <input
                    id="g-to"
                    type="date"
                    value={custom.to}
                    onChange={(e) => setCustom({ ...custom, to: e.target.value })}
                  />
                </div>
              </div>
            ) : null}
            <p className="field-hint" data-testid="period-text">
              {period
                ? `Decisions assessed ${formatDate(period.from)} to ${formatDate(period.to)}, still held and in no published plan.`
                : 'Choose both dates.'}
            </p>
          </fieldset>
          <fieldset>
            <legend>Standards</legend>
            {standards.data === undefined ? <Loading /> : null}
            {codes.map((code) => (
              <label key={code} className="radio">
                <input
                  type="checkbox"
                  checked={selected.includes(code)}
                  onChange={(e) =>
                    setChosen(
                      e.target.checked ? [...selected, code] : selected.filter((c) => c !== code),
                    )
                  }
                />
                {code} {standards.data?.find((s) => s.code === code)?.title}
              </label>
            ))}
          </fieldset>
          <div className="row">
            <div className="field">
              <label htmlFor="g-seed">Seed (optional)</label>
              <input
                id="g-seed"
                inputMode="numeric"
                value={seed}
                onChange={(e) => setSeed(e.target.value)}
                size={12}
                placeholder="random"
              />
            </div>
            <div className="field grow">
              <label htmlFor="g-title">Title (optional)</label>
              <input
                id="g-title"
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                placeholder={period ? `Sample ${period.from} to ${period.to}` : ''}
              />
            </div>
          </div>
          <p className="field-hint">
            The seed, the settings and the version of the sampling rules are stored with the plan,
            so running it again gives the same sample (Verify proves it). Leave the seed blank for a
            random one.
          </p>
          {error ? <Alert message={error} title="Not generated." /> : null}
          <button
            type="submit"
            className="button"
            disabled={busy || !current}
            data-testid="generate"
          >
            {busy ? 'Generating…' : 'Generate plan'}
          </button>
        </div>
        <div>
          <h3>How the sample is drawn</h3>
          <p className="muted small">
            Per assessor: every decision with a compliance flag and a new assessor’s early work,
            then each method, grade, employer and provider before any repeat, then a weighted draw
            up to the risk-adjusted target. Rules version {defaults.data?.rulesVersion ?? '…'}.
          </p>
          {defaults.error ? (
            <Alert message={defaults.error.message} onRetry={defaults.reload} />
          ) : null}
          {current && defaults.data ? (
            <ParamsEditor
              params={current}
              defaults={defaults.data.params}
              help={defaults.data.help}
              onChange={setParams}
            />
          ) : null}
        </div>
      </div>
    </form>
  );
}
