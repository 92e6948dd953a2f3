/**
 * What a standardisation event covered. Events store a JSON list of strings, as the import files
 * write them: "ST0071 v1.1" for one version, or plain "ST0071" for every version of the standard
 * (an event recorded without a version cannot show the version change was covered, so say which
 * version whenever you can).
 */

export interface Coverage {
  code: string;
  /** null: the event covered the standard without naming a version, so it counts for all. */
  version: string | null;
}

export interface StandardTarget {
  code: string;
  version: string;
}

const PATTERN = /^\s*([A-Za-z]{2}\d{4})(?:\s*(?:v|version\s*)?\s*(\d+(?:\.\d+)*))?\s*$/i;

/** "ST0071 v1.1", "st0071 1.1", "ST0071" → a coverage entry; anything else → null. */
export function parseCoverage(text: string): Coverage | null {
  const m = PATTERN.exec(text);
  if (!m) return null;
  return { code: (m[1] as string).toUpperCase(), version: m[2] ?? null };
}

export function formatCoverage(c: Coverage): string {
  return c.version ? `${c.code} v${c.version}` : c.code;
}

export function formatTarget(t: StandardTarget): string {
  return `${t.code} v${t.version}`;
}

/** Reads a stored standards_json value leniently: unreadable entries are dropped, not fatal. */
export function readCoverageJson(json: string | null | undefined): Coverage[] {
  if (!json) return [];
  let values: unknown;
  try {
    values = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(values)) return [];
  const out: Coverage[] = [];
  for (const v of values) {
    const c = typeof v === 'string' ? parseCoverage(v) : null;
    if (c && !out.some((o) => o.code === c.code && o.version === c.version)) out.push(c);
  }
  return out;
}

export function covers(coverage: readonly Coverage[], target: StandardTarget): boolean {
  return coverage.some(
    (c) => c.code === target.code && (c.version === null || c.version === target.version),
  );
}
