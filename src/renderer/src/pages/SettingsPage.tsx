import { useState, type FormEvent, type ReactNode } from 'react';
import type {
  AuditEntryDto,
  OutputOf,
  StandardVersionSummaryDto,
  UserDto,
  UserRole,
} from '@shared/contract';
import { call, messageOf } from '../api/client';
import { useApi } from '../api/useApi';
import { Alert } from '../components/Alert';
import { Loading } from '../components/Loading';
import { Page, usePageLoaded } from '../components/Page';
import { emit } from '../e2e';
import { formatNumber, formatTimestamp, humanise, ROLE_NAMES, roleName } from '../format';
import { capitalise, useAppStatus, useLabels } from '../status';

const ROLES = Object.keys(ROLE_NAMES) as UserRole[];
const AUDIT_LIMIT = 20;
const AUDIT_PAGE = 100;

function DatabaseSection(): ReactNode {
  const { status } = useAppStatus();
  const labels = useLabels();
  const c = status.counts;
  const rows: [string, number | undefined][] = [
    ['Decisions', c.decisions],
    [`${labels.epaShort}s`, c.epas],
    [`${capitalise(labels.assessor)}s`, c.assessors],
    ['Apprentices', c.apprentices],
    ['Compliance flags', c.compliance_flags],
    ['Audit entries', c.audit_log],
  ];
  return (
    <section className="panel" aria-labelledby="db-title">
      <h2 id="db-title">Database</h2>
      <dl className="facts">
        <dt>File</dt>
        <dd className="mono break" data-testid="settings-db-path">
          {status.dbPath}
        </dd>
        <dt>Schema version</dt>
        <dd data-testid="settings-schema-version">{status.schemaVersion}</dd>
        {rows.map(([label, n]) => (
          <FactRow key={label} label={label} value={n ?? 0} />
        ))}
      </dl>
    </section>
  );
}

function FactRow(props: { label: string; value: number }): ReactNode {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{formatNumber(props.value)}</dd>
    </>
  );
}

function StandardVersion(props: { v: StandardVersionSummaryDto }): ReactNode {
  const { v } = props;
  return (
    <div className="version">
      <h4>
        {v.label || `Version ${v.version}`}{' '}
        <span className="muted">
          · {formatNumber(v.ksbs)} KSBs · grades {v.grades.join(', ')}
        </span>
      </h4>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col" className="num">
              Pass criteria
            </th>
            <th scope="col" className="num">
              Distinction criteria
            </th>
            <th scope="col" className="num">
              KSBs
            </th>
          </tr>
        </thead>
        <tbody>
          {v.methods.map((m) => (
            <tr key={m.code}>
              <td>
                <span className="code-badge">{m.code}</span>
                {m.name}
              </td>
              <td className="num">{formatNumber(m.passCriteria)}</td>
              <td className="num">{formatNumber(m.distinctionCriteria)}</td>
              <td className="num">{formatNumber(m.ksbs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StandardsSection(props: { standards: OutputOf<'standards:list'> }): ReactNode {
  // One block per standard, its versions inside, in the order the core lists them.
  const byCode = new Map<string, StandardVersionSummaryDto[]>();
  for (const v of props.standards) byCode.set(v.code, [...(byCode.get(v.code) ?? []), v]);
  if (byCode.size === 0) return <p className="muted">No standards are loaded.</p>;
  return (
    <div className="standards" data-testid="settings-standards">
      {[...byCode.entries()].map(([code, versions]) => {
        const head = versions[0];
        return (
          <article key={code} className="standard">
            <h3>
              {code} {head?.title} <span className="muted">· Level {head?.level}</span>
            </h3>
            {versions.map((v) => (
              <StandardVersion key={v.version} v={v} />
            ))}
          </article>
        );
      })}
    </div>
  );
}

function AddPersonForm(props: { onAdded: (user: UserDto) => void }): ReactNode {
  const [name, setName] = useState('');
  const [role, setRole] = useState<UserRole>('moderator');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await call('users:create', { name, role });
      setName('');
      props.onAdded(user);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-label="Add person">
      <div className="field">
        <label htmlFor="person-name">Name</label>
        <input
          id="person-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="off"
          required
        />
      </div>
      <div className="field">
        <label htmlFor="person-role">Role</label>
        <select id="person-role" value={role} onChange={(e) => setRole(e.target.value as UserRole)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleName(r)}
            </option>
          ))}
        </select>
      </div>
      <div className="field actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Adding…' : 'Add person'}
        </button>
      </div>
      {error ? (
        <div className="form-error">
          <Alert message={error} />
        </div>
      ) : null}
    </form>
  );
}

function PeopleSection(props: {
  users: UserDto[] | undefined;
  onAdded: (user: UserDto) => void;
}): ReactNode {
  const { status } = useAppStatus();
  const [added, setAdded] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="people-title">
      <h2 id="people-title">People</h2>
      {props.users ? (
        <table className="table compact" data-testid="settings-users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Active</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr key={u.id}>
                <td>
                  {u.name}
                  {u.id === status.user?.id ? <span className="muted"> (you)</span> : null}
                </td>
                <td>{roleName(u.role)}</td>
                <td>{u.active ? 'Yes' : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3>Add person</h3>
      <p className="panel-note">Only an IQA lead can add people.</p>
      <AddPersonForm
        onAdded={(user) => {
          setAdded(`${user.name} was added as ${roleName(user.role).toLowerCase()}.`);
          props.onAdded(user);
        }}
      />
      {added ? (
        <p role="status" className="success">
          {added}
        </p>
      ) : null}
    </section>
  );
}

type DemoResult = OutputOf<'demo:load'>;

function DemoSection(props: {
  result: DemoResult | null;
  onLoaded: (result: DemoResult) => void;
}): ReactNode {
  const labels = useLabels();
  const [epas, setEpas] = useState('2000');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { result } = props;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const loaded = await call('demo:load', { epas: Number(epas) });
      emit('demo-loaded');
      props.onLoaded(loaded);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="demo-title" aria-busy={busy}>
      <h2 id="demo-title">Demo data</h2>
      {result ? (
        <p role="status" className="success">
          Loaded {formatNumber(result.epas)} {labels.epaShort}s with{' '}
          {formatNumber(result.decisions)} decisions by {formatNumber(result.assessors)}{' '}
          {labels.assessor}s in {result.seconds.toFixed(1)} seconds.
        </p>
      ) : (
        <>
          <p>
            The database has no decisions. Load fictional demo data to see how the app works; it
            cannot be mixed with real decisions later, so use a separate database for real work.
          </p>
          <form className="inline-form" onSubmit={(e) => void submit(e)}>
            <div className="field">
              <label htmlFor="demo-epas">Number of {labels.epaShort}s</label>
              <input
                id="demo-epas"
                type="number"
                min={1}
                max={1_000_000}
                step={1}
                value={epas}
                onChange={(e) => setEpas(e.target.value)}
                required
              />
            </div>
            <div className="field actions">
              <button
                type="submit"
                className="button"
                disabled={busy}
                data-testid="settings-load-demo"
              >
                {busy ? 'Loading demo data…' : 'Load demo data'}
              </button>
            </div>
          </form>
          {busy ? <p role="status">Generating demo data. This can take a minute…</p> : null}
          {error ? <Alert message={error} /> : null}
        </>
      )}
    </section>
  );
}

const show = (v: unknown): string =>
  v === null || v === undefined ? '(none)' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/**
 * What an entry recorded, on one line, with the old value beside the new one where the entry
 * kept both: `grade: Pass → Distinction · reason: import batch 4 (…)`.
 */
export function describeChange(entry: Pick<AuditEntryDto, 'before' | 'after'>): string {
  const asRecord = (v: unknown): Record<string, unknown> | null =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null;
  const before = asRecord(entry.before);
  const after = asRecord(entry.after);
  let text: string;
  if (before && after) {
    const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
    text = keys
      .map((k) =>
        !(k in before)
          ? `${k}: ${show(after[k])}`
          : !(k in after)
            ? `${k} was ${show(before[k])}`
            : show(before[k]) === show(after[k])
              ? `${k}: ${show(after[k])}`
              : `${k}: ${show(before[k])} → ${show(after[k])}`,
      )
      .join(' · ');
  } else {
    const value = after ?? before ?? entry.after ?? entry.before;
    if (value === null || value === undefined) return '';
    const record = asRecord(value);
    text = record
      ? Object.entries(record)
          .map(([k, v]) => `${k}: ${show(v)}`)
          .join(' · ')
      : JSON.stringify(value);
  }
  return text.length > 240 ? `${text.slice(0, 237)}…` : text;
}

export function AuditSection(props: { entries: AuditEntryDto[] | undefined }): ReactNode {
  // Older pages, fetched on request: the log is append-only, so a page never changes.
  const [older, setOlder] = useState<AuditEntryDto[]>([]);
  const [end, setEnd] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const entries = [...(props.entries ?? []), ...older];
  const last = entries.at(-1);

  async function showOlder(): Promise<void> {
    if (!last) return;
    setBusy(true);
    setError(null);
    try {
      const page = await call('audit:list', { limit: AUDIT_PAGE, beforeId: last.id });
      setOlder((o) => [...o, ...page]);
      if (page.length < AUDIT_PAGE) setEnd(true);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <p className="panel-note">
        Every change to a grade, a sample, a moderation or an appeal, with who made it and the old
        and new values. Newest first.
      </p>
      {props.entries && props.entries.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : null}
      {entries.length > 0 ? (
        <div className="table-wrap">
          <table className="table compact" data-testid="settings-audit">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Record</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatTimestamp(e.at)}</td>
                  <td className="nowrap">{e.actor}</td>
                  <td className="mono nowrap">{e.action}</td>
                  <td className="nowrap">
                    {e.record ?? `${humanise(e.entity)}${e.entityId ? ` ${e.entityId}` : ''}`}
                  </td>
                  {/* Other records by name, as the core resolved them, not by internal id. */}
                  <td className="small break">{describeChange(e.readable ?? e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {error ? <Alert message={error} /> : null}
      {props.entries && props.entries.length >= AUDIT_LIMIT && !end ? (
        // Not disabled while loading: that would drop the keyboard focus to the page.
        <button
          type="button"
          className="button secondary"
          aria-busy={busy}
          onClick={() => void (busy ? undefined : showOlder())}
        >
          {busy ? 'Loading…' : `Show ${AUDIT_PAGE} older entries`}
        </button>
      ) : null}
    </section>
  );
}

export function SettingsPage(): ReactNode {
  const { status, reloadStatus } = useAppStatus();
  // Kept here: once loaded the status says there are decisions, yet the result should stay.
  const [demoResult, setDemoResult] = useState<DemoResult | null>(null);
  const standards = useApi('standards:list', {});
  const users = useApi('users:list', {});
  const audit = useApi('audit:list', { limit: AUDIT_LIMIT });
  const loading = standards.loading || users.loading || audit.loading;
  const errors = [standards.error, users.error, audit.error].filter((e) => e !== null);
  usePageLoaded('settings', !loading, errors.length > 0);

  return (
    <Page id="settings" title="Settings" busy={loading}>
      {errors.map((e, i) => (
        <Alert key={i} message={e.message} />
      ))}
      {loading && !standards.data && !users.data ? <Loading /> : null}
      <div className="settings-grid">
        <div className="settings-col">
          <DatabaseSection />
          <PeopleSection
            users={users.data}
            onAdded={() => {
              users.reload();
              audit.reload();
            }}
          />
          {(status.counts.decisions ?? 0) === 0 || demoResult ? (
            <DemoSection
              result={demoResult}
              onLoaded={(result) => {
                setDemoResult(result);
                reloadStatus();
                audit.reload();
                standards.reload();
              }}
            />
          ) : null}
        </div>
        <div className="settings-col">
          <section className="panel" aria-labelledby="standards-title">
            <h2 id="standards-title">Standards loaded</h2>
            {standards.data ? <StandardsSection standards={standards.data} /> : null}
          </section>
        </div>
      </div>
      <AuditSection key={audit.data?.[0]?.id ?? 0} entries={audit.data} />
    </Page>
  );
}
