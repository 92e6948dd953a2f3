import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditEntryDto } from '@shared/contract';
import { AuditSection, describeChange } from '../../src/renderer/src/pages/SettingsPage';
import { ImportNotices } from '../../src/renderer/src/moderation/Escalations';
import { labelsFrom, StatusProvider } from '../../src/renderer/src/status';
import { installFakeApi, removeFakeApi, status } from './fakeApi';

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
  readable: null,
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
    // What the entry recorded before, under names the after does not repeat, is not "cleared".
    expect(
      describeChange({
        before: { grade: 'Pass', status: 'sampled' },
        after: { recordId: 5, outcome: 'agreed' },
      }),
    ).toBe('recordId: 5 · outcome: agreed · grade was Pass · status was sampled');
  });

  it('names the records an entry holds by id, as the core resolved them', () => {
    render(
      <AuditSection
        entries={[
          {
            ...entry(7),
            action: 'sampling.escalate',
            entity: 'sampling_plan',
            after: { assessorId: 12, recordId: 521, added: 1 },
            readable: {
              before: null,
              after: {
                assessorId: 'Assessor Willow Patel (IA023)',
                recordId: 'Moderation record 521 of DEMO-0000187-WBP-1',
                added: 1,
              },
            },
          },
        ]}
      />,
    );
    expect(screen.getByTestId('settings-audit').textContent).toContain(
      'assessorId: Assessor Willow Patel (IA023) · recordId: Moderation record 521 of DEMO-0000187-WBP-1 · added: 1',
    );
    expect(screen.getByTestId('settings-audit').textContent).not.toContain('assessorId: 12');
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

/** The notices from imports as the IQA lead sees them, under a page's heading. */
function renderNotices(): void {
  const value = { status: status(), labels: labelsFrom(undefined), reloadStatus: () => undefined };
  render(
    <StatusProvider value={value}>
      <h1 tabIndex={-1}>Dashboard</h1>
      <ImportNotices />
    </StatusProvider>,
  );
}

/** A notice as the core lists it. */
const notice = (id: number, kind: string, message: string, link: string | null = null) => ({
  id,
  kind,
  message,
  link,
  createdAt: '2026-11-20T10:00:00.000Z',
  read: false,
});

describe('notices from imports', () => {
  it('shows the IQA lead what imports sent back, apart from escalations, linking to the decisions', async () => {
    installFakeApi({
      'notifications:list': [
        notice(
          2,
          'import',
          'Import batch 4 (d.csv): 2 decisions already released without moderation now have a compliance flag.',
          '#/moderation?tab=decisions&status=released&flagged=1&unmoderated=1',
        ),
        notice(1, 'escalation', 'IA001: sample raised by 10 points.'),
      ],
    });
    renderNotices();
    expect(await screen.findByRole('heading', { name: 'From imports 1' })).toBeTruthy();
    expect(screen.getByTestId('import-notices').textContent).not.toContain('IA001');
    expect(screen.getByRole('link', { name: 'Show the decisions' }).getAttribute('href')).toBe(
      '#/moderation?tab=decisions&status=released&flagged=1&unmoderated=1',
    );
  });
});

describe('marking a notice read', () => {
  it('keeps the keyboard in the list, then on the page once the list is gone', async () => {
    let unread = [3, 4];
    installFakeApi({
      'notifications:list': () => ({
        ok: true,
        value: unread.map((id) => notice(id, 'import', `Notice ${id}`)),
      }),
      'notifications:mark-read': (input) => {
        const { ids } = input as { ids: number[] };
        unread = unread.filter((id) => !ids.includes(id));
        return { ok: true, value: { updated: ids.length } };
      },
    });
    renderNotices();
    const [first] = await screen.findAllByRole('button', { name: 'Mark as read' });
    fireEvent.click(first!);
    await waitFor(() => expect(document.activeElement?.textContent).toBe('From imports 1'));
    fireEvent.click(screen.getByRole('button', { name: 'Mark as read' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Dashboard'));
    expect(screen.queryByTestId('import-notices')).toBeNull();
  });
});
