import type { StandardVersionSummaryDto } from '@shared/contract';
import type { AppContext } from '../core/context';
import { allVersions } from './load';

export function listStandards(ctx: AppContext): StandardVersionSummaryDto[] {
  return allVersions(ctx).map(({ definition }) => {
    const v = definition.version;
    return {
      code: definition.code,
      title: definition.title,
      level: definition.level,
      version: v.version,
      label: v.label,
      grades: [...v.grades],
      ksbs: v.ksbs.length,
      methods: v.methods.map((m) => ({
        code: m.code,
        name: m.name,
        passCriteria: m.criteria.filter((c) => c.grade === v.passGrade).length,
        distinctionCriteria: m.criteria.filter((c) => c.grade !== v.passGrade).length,
        ksbs: v.ksbs.filter((k) => k.methods.includes(m.code)).length,
      })),
    };
  });
}
