/** Standard versions as the standardisation screens need them: names, grades, criteria. */
import { formatTarget, parseCoverage, type Coverage } from '@shared/standardisation';
import type { VersionChoiceDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { allVersions } from '../standards/load';

export function versionChoices(ctx: AppContext): VersionChoiceDto[] {
  return allVersions(ctx)
    .map(({ id, definition }) => ({
      standardVersionId: id,
      code: definition.code,
      title: definition.title,
      version: definition.version.version,
      name: formatTarget({ code: definition.code, version: definition.version.version }),
      grades: [...definition.version.grades],
      methods: definition.version.methods.map((m) => ({
        code: m.code,
        name: m.name,
        criteria: m.criteria.map((c) => ({ code: c.code, grade: c.grade, text: c.text })),
      })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function versionChoice(ctx: AppContext, standardVersionId: number): VersionChoiceDto {
  const found = versionChoices(ctx).find((v) => v.standardVersionId === standardVersionId);
  if (!found)
    throw new DomainError('not_found', `Standard version ${standardVersionId} is not loaded.`);
  return found;
}

/**
 * Checks what an event says it covered against the standards loaded, and writes each entry the
 * one way ("ST0071 v1.1"), so rules and reports read them alike.
 */
export function normaliseCoverage(ctx: AppContext, entries: readonly string[]): string[] {
  const versions = versionChoices(ctx);
  const out: Coverage[] = [];
  for (const entry of entries) {
    const c = parseCoverage(entry);
    if (!c)
      throw new DomainError(
        'validation',
        `“${entry}” is not a standard; write it like ST0071 v1.1.`,
      );
    const known = versions.filter((v) => v.code === c.code);
    if (known.length === 0)
      throw new DomainError('validation', `${c.code} is not a standard loaded in the app.`);
    if (c.version !== null && !known.some((v) => v.version === c.version))
      throw new DomainError(
        'validation',
        `${c.code} has no version ${c.version}; loaded: ${known.map((v) => v.version).join(', ')}.`,
      );
    if (!out.some((o) => o.code === c.code && o.version === c.version)) out.push(c);
  }
  return out.map((c) => (c.version ? `${c.code} v${c.version}` : c.code));
}
