import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMPORT_KINDS, templateColumns } from '../../../src/shared/imports';

describe('the README', () => {
  it('documents every template with its exact header row, required columns in bold', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const kind of IMPORT_KINDS) {
      const line = readme.split('\n').find((l) => l.startsWith(`| ${kind} `));
      expect(line, kind).toBeDefined();
      const documented = (line as string)
        .split('|')[2]
        ?.split(',')
        .map((c) => c.trim().split(' ')[0] ?? '');
      expect(documented, kind).toEqual(
        templateColumns(kind).map((c) => (c.required ? `**${c.name}**` : c.name)),
      );
    }
  });
});
