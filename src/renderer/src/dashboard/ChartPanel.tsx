import { useId, useRef, useState, type ReactNode } from 'react';
import { emit } from '../e2e';
import { downloadCsv, downloadPng, slug, type CsvRow } from './exporting';

/**
 * A chart with its title, a note on how to read it, a switch to an accessible table of the same
 * figures, and PNG and CSV downloads. `csv` is the table's data, so what is downloaded is what is
 * shown.
 */
export function ChartPanel(props: {
  title: string;
  note?: ReactNode;
  testId: string;
  csv: { header: string[]; rows: CsvRow[] };
  chart: ReactNode;
  table: ReactNode;
  controls?: ReactNode;
  className?: string;
  empty?: ReactNode;
}): ReactNode {
  const id = useId();
  const [asTable, setAsTable] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const frame = useRef<HTMLDivElement>(null);
  const name = slug(props.title);
  const savePng = async (): Promise<void> => {
    setError(null);
    // The chart's own surface, not a legend icon (recharts draws those as small SVGs too).
    const svg = frame.current?.querySelector<SVGSVGElement>(
      '.recharts-wrapper > svg.recharts-surface',
    );
    if (!svg) {
      setError('Switch back to the chart to save it as an image.');
      return;
    }
    try {
      await downloadPng(`${name}.png`, svg, props.title);
      emit(`chart-exported:png:${props.testId}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section
      className={`panel chart-panel ${props.className ?? ''}`}
      aria-labelledby={`${id}-title`}
      data-testid={props.testId}
    >
      <div className="chart-head">
        <h2 id={`${id}-title`}>{props.title}</h2>
        {props.empty ? null : (
          <div className="chart-actions">
            <button
              type="button"
              className="link-button"
              aria-pressed={asTable}
              onClick={() => setAsTable((t) => !t)}
            >
              {asTable ? 'Show chart' : 'Show table'}
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => void savePng()}
              disabled={asTable}
            >
              PNG
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                downloadCsv(`${name}.csv`, props.csv.header, props.csv.rows);
                emit(`chart-exported:csv:${props.testId}`);
              }}
            >
              CSV
            </button>
          </div>
        )}
      </div>
      {props.note ? <p className="panel-note">{props.note}</p> : null}
      {props.controls}
      {error ? (
        <p className="warn-text" role="status">
          {error}
        </p>
      ) : null}
      {props.empty ? (
        <p className="muted chart-empty">{props.empty}</p>
      ) : (
        <div ref={frame}>
          {asTable ? <div className="chart-table">{props.table}</div> : props.chart}
        </div>
      )}
    </section>
  );
}
