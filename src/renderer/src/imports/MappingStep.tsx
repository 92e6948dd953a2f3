import type { ReactNode } from 'react';
import type { ImportFileInfoDto } from '@shared/contract';
import {
  IMPORT_TEMPLATES,
  mappingProblems,
  type ColumnMapping,
  type ImportKind,
} from '@shared/imports';
import { formatNumber } from '../format';

export function describeFile(info: ImportFileInfoDto): string {
  const size =
    info.size >= 1024 * 1024
      ? `${(info.size / 1024 / 1024).toFixed(1)} MB`
      : `${formatNumber(Math.ceil(info.size / 1024))} KB`;
  const what =
    info.format === 'xlsx'
      ? `Excel workbook, sheet “${info.sheet ?? ''}”`
      : `CSV, ${info.encoding ?? 'UTF-8'}, ${delimiterWord(info.delimiter)}-separated`;
  const header = info.headerRow > 1 ? `; header on row ${info.headerRow}` : '';
  return `${what}, ${size}${header}`;
}

function delimiterWord(d: string | null): string {
  if (d === ';') return 'semicolon';
  if (d === '\t') return 'tab';
  if (d === '|') return 'bar';
  return 'comma';
}

/** Which column of the file feeds each template column; suggestions prefilled, all editable. */
export function MappingStep(props: {
  info: ImportFileInfoDto;
  kind: ImportKind;
  mapping: ColumnMapping;
  onChange: (mapping: ColumnMapping) => void;
}): ReactNode {
  const { info, mapping } = props;
  const template = IMPORT_TEMPLATES[props.kind];
  const problems = mappingProblems(props.kind, mapping, info.headers);
  const first = info.sample[0] ?? [];
  const used = new Set(Object.values(mapping).filter((v): v is string => v !== null));
  const unused = info.headers.filter((h) => !used.has(h));
  return (
    <div className="mapping">
      <table className="table" data-testid="import-mapping">
        <caption className="visually-hidden">
          Template columns and the file’s columns that feed them
        </caption>
        <thead>
          <tr>
            <th scope="col">Template column</th>
            <th scope="col">What it holds</th>
            <th scope="col">Column in {info.fileName}</th>
            <th scope="col">First row’s value</th>
          </tr>
        </thead>
        <tbody>
          {template.columns.map((c) => {
            const source = mapping[c.name] ?? null;
            const at = source === null ? -1 : info.headers.indexOf(source);
            const missing = c.required && source === null;
            return (
              <tr key={c.name} className={missing ? 'missing' : undefined}>
                <th scope="row" className="mono">
                  {c.name}
                  {c.required ? <span className="pill required">required</span> : null}
                </th>
                <td className="small">{c.description}</td>
                <td>
                  <select
                    aria-label={`Column for ${c.name}`}
                    value={source ?? ''}
                    onChange={(e) =>
                      props.onChange({ ...mapping, [c.name]: e.target.value || null })
                    }
                  >
                    <option value="">— not in this file —</option>
                    {info.headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="mono small break">{at >= 0 ? (first[at] ?? '') : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {unused.length > 0 ? (
        <p className="muted small" data-testid="import-unused">
          Not imported: {unused.join(', ')}.
        </p>
      ) : null}
      {problems.length > 0 ? (
        <ul className="form-problems" data-testid="mapping-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
