import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntryDto } from '@shared/contract';
import { AuditSection, describeChange } from '../../src/renderer/src/pages/SettingsPage';
import { installFakeApi, removeFakeApi } from './fakeApi';

afterEach(() => {
  cleanup();
  removeFakeApi();
});

const entry = (id: number, after: unknown = { status: 'held' }): AuditEntryDto => ({
  id,
  at: '2026-11-20T10:00:00.000Z',
  actor: 'Priya Shah',
  action: 'decision.status',
  entity: 'decision',
  entityId: String(id),
  record: null,
  before: null,
  after,
});

describe('the audit log in Settings', () => {
  it('shows the old value beside the new one', () => {
    expect(
      describeChange({
        before: { grade: 'Pass' },
        after: { grade: 'Distinction', reason: 'import batch 4 (d.csv, row 2)' },
      }),
    ).toBe('grade: Pass → Distinction · reason: import batch 4 (d.csv, row 2)');
    expect(describeChange({ before: { status: 'released' }, after: { status: 'released' } })).toBe(
      'status: released',
    );
    expect(describeChange({ before: null, after: { recordId: 5 } })).toBe('recordId: 5');
  });

  it('pages back through older entries on request, until there are none', async () => {
    // 20 newest shown with the page; older ones come 100 at a time.
    const newest = Array.from({ length: 20 }, (_, i) => entry(150 - i));
    const asked: unknown[] = [];
    installFakeApi({
      'audit:list': (input) => {
        asked.push(input);
        const { beforeId } = input as { beforeId: number };
        const ids = Array.from({ length: beforeId - 1 }, (_, i) => beforeId - 1 - i).slice(0, 100);
        return { ok: true, value: ids.map((id) => entry(id)) };
      },
    });
    render(<AuditSection entries={newest} />);
    expect(screen.getAllByRole('row')).toHaveLength(21);
    fireEvent.click(screen.getByRole('button', { name: 'Show 100 older entries' }));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(121));
    expect(asked).toEqual([{ limit: 100, beforeId: 131 }]);
    fireEvent.click(screen.getByRole('button', { name: 'Show 100 older entries' }));
    // Only 30 were left: the whole log is shown, and there is nothing more to ask for.
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(151));
    expect(screen.queryByRole('button', { name: /older entries/ })).toBeNull();
  });
});
