/**
 * The Moderation page in the renderer, against a fake core: drill-down links read from and
 * written to the hash, a 100,000-row queue that renders only what is in view and fetches pages
 * by offset, the keys (j/k, x, a, Enter), and a refusal shown in words.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult, ModerationContextDto, QueueRowDto } from '@shared/contract';
import { App } from '../../src/renderer/src/App';
import { createRecorder } from '../../src/renderer/src/e2e';
import { parseView, viewQuery } from '../../src/renderer/src/moderation/query';
import { hashFor, queryFromHash } from '../../src/renderer/src/routes';
import { EMPTY_OVERVIEW, installFakeApi, removeFakeApi, status } from './fakeApi';

// happy-dom does no layout: give the queue's scroll box the size a screen would, so the
// virtualiser has a window of rows to render (as it measures them in a browser).
const sizes = { offsetHeight: 420, offsetWidth: 1100, clientHeight: 420, clientWidth: 1100 };
const saved = Object.fromEntries(
  Object.keys(sizes).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)]),
);
beforeEach(() => {
  window.__e2e = createRecorder();
  for (const [key, value] of Object.entries(sizes)) {
    Object.defineProperty(HTMLElement.prototype, key, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('queue-scroll') ? value : 0;
      },
    });
  }
});
afterEach(() => {
  for (const [key, descriptor] of Object.entries(saved))
    if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
  cleanup();
  removeFakeApi();
  delete window.__e2e;
  window.location.hash = '';
});

const TOTAL = 100_000;

function row(index: number): QueueRowDto {
  return {
    itemId: index + 1,
    planId: 7,
    decisionId: 50_000 + index,
    decisionRef: `D-${index}`,
    uln: '1000000043',
    apprentice: `Apprentice ${index}`,
    assessorRef: 'IA007',
    method: 'O',
    attempt: 1,
    grade: 'Pass',
    assessmentDate: '2026-11-02',
    dueDate: '2026-11-16',
    reasons: ['5% floor'],
    moderator: null,
    moderatorId: null,
    status: 'to_do',
    moderatedGrade: null,
    openAppeal: null,
  };
}

function queueApi() {
  const queueCalls: { filter: unknown; offset: number; limit: number; sort: unknown }[] = [];
  const assignCalls: unknown[] = [];
  const invoke = installFakeApi({
    'app:get-status': status(),
    'dashboard:get-overview': EMPTY_OVERVIEW,
    'standards:list': [],
    'moderation:list-moderators': [{ id: 1, name: 'Asha Patel', role: 'iqa_lead' }],
    'moderation:list-views': [],
    'notifications:list': [],
    'moderation:list-queue': (input): ApiResult<{ rows: QueueRowDto[]; total: number }> => {
      const q = input as { filter: unknown; offset: number; limit: number; sort: unknown };
      queueCalls.push(q);
      const rows = Array.from({ length: Math.min(q.limit, TOTAL - q.offset) }, (_, i) =>
        row(q.offset + i),
      );
      return { ok: true, value: { rows, total: TOTAL } };
    },
    'moderation:assign': (input) => {
      assignCalls.push(input);
      return { ok: true, value: { assigned: (input as { itemIds: number[] }).itemIds.length } };
    },
  });
  return { invoke, queueCalls, assignCalls };
}

describe('drill-down links', () => {
  it('round-trip every documented form through the hash', () => {
    const links = [
      '#/moderation?assessor=IA007&method=O&grade=Distinction&reason=5%25%20floor&status=done&moderator=unassigned&plan=3&due=2026-12-18',
      '#/moderation?tab=decisions&assessor=IA007&method=WBP&grade=Fail&status=held&flagged=1&from=2026-01-01&to=2026-03-31&standard=ST0071&version=1.1&provider=10012345&employer=Acme%20Ltd',
      '#/moderation?tab=epas&status=awaiting_confirmation&atRisk=1',
      '#/moderation?decision=42',
    ];
    for (const link of links) {
      const view = parseView(queryFromHash(link));
      expect(queryFromHash(hashFor('moderation', viewQuery(view)))).toEqual(queryFromHash(link));
    }
    expect(parseView(queryFromHash(links[1]!)).decisions).toEqual({
      assessorRef: 'IA007',
      method: 'WBP',
      grade: 'Fail',
      status: 'held',
      flagged: true,
      from: '2026-01-01',
      to: '2026-03-31',
      standard: 'ST0071',
      version: '1.1',
      provider: '10012345',
      employer: 'Acme Ltd',
    });
    // Anything malformed is ignored rather than sent to the core.
    expect(
      parseView(queryFromHash('#/moderation?status=maybe&due=soon&plan=-1')).queue.filter,
    ).toEqual({ status: 'to_do' });
  });
});

describe('the queue', () => {
  it('renders a window of a 100,000-row queue, fetches pages by offset and keeps the filter in the hash', async () => {
    window.location.hash = '#/moderation?assessor=IA007&status=all';
    const api = queueApi();
    render(<App />);
    const grid = await screen.findByTestId('queue-grid');
    await waitFor(() => expect(within(grid).getAllByTestId('queue-row').length).toBeGreaterThan(5));
    expect(api.queueCalls[0]).toMatchObject({
      filter: { assessorRef: 'IA007', status: 'all' },
      offset: 0,
      limit: 200,
    });
    // Only the rows in view (plus a little overscan) are in the document, not 100,000.
    expect(within(grid).getAllByTestId('queue-row').length).toBeLessThan(60);
    expect(grid.getAttribute('aria-rowcount')).toBe(String(TOTAL + 1));
    expect(screen.getByTestId('queue-count').textContent).toContain('100,000 decisions');

    // A new filter goes to the hash (bookmarkable) and back to the core.
    fireEvent.change(screen.getByLabelText('Method'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'done' } });
    await waitFor(() =>
      expect(window.location.hash).toBe('#/moderation?assessor=IA007&status=done'),
    );
    await waitFor(() =>
      expect(api.queueCalls.at(-1)).toMatchObject({
        filter: { assessorRef: 'IA007', status: 'done' },
      }),
    );

    // Sorting by a heading asks the core for that order.
    const regrid = await screen.findByTestId('queue-grid');
    fireEvent.click(within(regrid).getByRole('button', { name: /Assessor/ }));
    await waitFor(() =>
      expect(api.queueCalls).toContainEqual(
        expect.objectContaining({ sort: { by: 'assessor', dir: 'asc' }, offset: 0 }),
      ),
    );
    expect(window.location.hash).toContain('sort=assessor');
  });

  it('moves with j and k, ticks with x, assigns with a and opens with Enter', async () => {
    window.location.hash = '#/moderation';
    const api = queueApi();
    render(<App />);
    const grid = await screen.findByTestId('queue-grid');
    await waitFor(() => expect(within(grid).getAllByTestId('queue-row').length).toBeGreaterThan(5));
    expect(grid.getAttribute('aria-activedescendant')).toBe('queue-row-1');
    fireEvent.keyDown(grid, { key: 'j' });
    fireEvent.keyDown(grid, { key: 'j' });
    expect(grid.getAttribute('aria-activedescendant')).toBe('queue-row-3');
    fireEvent.keyDown(grid, { key: 'k' });
    expect(grid.getAttribute('aria-activedescendant')).toBe('queue-row-2');
    fireEvent.keyDown(grid, { key: 'x' });
    fireEvent.keyDown(grid, { key: 'j' });
    fireEvent.keyDown(grid, { key: 'x' });
    expect(screen.getByTestId('queue-count').textContent).toContain('2 ticked');
    fireEvent.keyDown(grid, { key: 'a' });
    await waitFor(() => expect(api.assignCalls).toEqual([{ itemIds: [2, 3], moderatorId: 1 }]));
    expect(await screen.findByTestId('queue-message')).toHaveProperty(
      'textContent',
      '2 decisions assigned to you.',
    );
    fireEvent.keyDown(grid, { key: 'Enter' });
    await waitFor(() => expect(window.location.hash).toBe('#/moderation?decision=50002'));
  });
  it('marks an item an appeal is deciding instead of "To do", saying which and until when', async () => {
    window.location.hash = '#/moderation';
    installFakeApi({
      'app:get-status': status(),
      'dashboard:get-overview': EMPTY_OVERVIEW,
      'standards:list': [],
      'moderation:list-moderators': [],
      'moderation:list-views': [],
      'notifications:list': [],
      'moderation:list-queue': (): ApiResult<{ rows: QueueRowDto[]; total: number }> => ({
        ok: true,
        value: {
          rows: [
            row(0),
            { ...row(1), openAppeal: { ref: 'A-2026-004', kind: 'appeal', status: 'escalated' } },
            { ...row(2), openAppeal: { ref: 'E-2026-002', kind: 'enquiry', status: 'received' } },
          ],
          total: 3,
        },
      }),
    });
    render(<App />);
    const grid = await screen.findByTestId('queue-grid');
    await waitFor(() => expect(within(grid).getAllByTestId('queue-row')).toHaveLength(3));
    const [free, appealed, enquired] = within(grid).getAllByTestId('queue-row');
    expect(within(free!).queryByTestId('queue-appeal')).toBeNull();
    expect(within(free!).getByText('To do')).toBeTruthy();
    const appeal = within(appealed!).getByTestId('queue-appeal');
    expect(within(appeal).getByText('Appeal')).toBeTruthy();
    expect(within(appealed!).queryByText('To do')).toBeNull();
    expect(appeal.getAttribute('title')).toBe(
      'Appeal A-2026-004 is open, with the status escalated (stage 2 panel): the grade is for the appeal to decide, so moderate this decision once it is decided or withdrawn.',
    );
    // Read out too, not only on hover.
    expect(appeal.textContent).toContain('Appeal A-2026-004 is open');
    expect(within(enquired!).getByTestId('queue-appeal').getAttribute('title')).toMatch(
      /^Enquiry about results E-2026-002 is open, with the status received: the grade is for the enquiry about results to decide/,
    );
  });
});

describe('a moderation record', () => {
  it('says in words why the signed-in user cannot moderate it', async () => {
    window.location.hash = '#/moderation?decision=9';
    const context: ModerationContextDto = {
      decision: {
        id: 9,
        decisionRef: 'D-9',
        uln: '1000000043',
        apprentice: 'Sam Example',
        employer: 'Acme Ltd',
        provider: 'Northfield College',
        standard: 'ST0071',
        version: '1.1',
        method: 'O',
        methodName: 'Practical observation',
        attempt: 1,
        assessorRef: 'IA007',
        assessorName: 'Asha Patel',
        assessmentDate: '2026-11-02',
        grade: 'Pass',
        status: 'sampled',
        durationMinutes: 60,
        questioningMinutes: 8,
        wordCount: null,
        evidencePieces: null,
        flags: [],
        epaId: 4,
        overallGrade: null,
      },
      grades: ['Fail', 'Pass', 'Distinction'],
      criteria: [],
      sampledBecause: ['5% floor'],
      item: null,
      snapshot: null,
      changedSinceSampled: [],
      records: [],
      canModerate: {
        allowed: false,
        reason: 'Asha Patel assessed this decision, so someone else must judge it.',
      },
      independence: {
        allowed: false,
        reason: 'Asha Patel assessed this decision, so someone else must judge it.',
      },
    };
    installFakeApi({
      'app:get-status': status(),
      'standards:list': [],
      'moderation:get-decision': context,
    });
    render(<App />);
    const refusal = await screen.findByTestId('cannot-moderate');
    expect(refusal.textContent).toBe(
      'You cannot moderate this decision. Asha Patel assessed this decision, so someone else must judge it.',
    );
    expect(screen.queryByTestId('moderation-form')).toBeNull();
    expect(screen.getByTestId('sampled-because').textContent).toContain('5% floor');
  });
});
