/**
 * The Assessors & standardisation page over a fake transport: the register with eligibility
 * reasons, keyboard tabs, recording attendance (only what changed is sent; removal asks first),
 * the compliance view and its export, and exercise results with follow-up.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ApiResult,
  ComplianceViewDto,
  EventDetailDto,
  ExerciseResultDto,
  RegisterRowDto,
  VersionChoiceDto,
} from '@shared/contract';
import { DEFAULT_STANDARDISATION_POLICY } from '@shared/standardisation';
import { App } from '../../src/renderer/src/App';
import { createRecorder } from '../../src/renderer/src/e2e';
import { ExerciseResults } from '../../src/renderer/src/standardisation/ExerciseResults';
import { installFakeApi, removeFakeApi, status } from './fakeApi';

beforeEach(() => {
  window.location.hash = '#/assessors';
  window.__e2e = createRecorder();
});
afterEach(() => {
  cleanup();
  removeFakeApi();
  delete window.__e2e;
  vi.restoreAllMocks();
});

const compliance = (
  over: Partial<RegisterRowDto['compliance']> = {},
): RegisterRowDto['compliance'] => ({
  required: true,
  status: 'compliant',
  lastAttended: '2026-11-02',
  dueBy: '2027-11-02',
  daysToDue: 335,
  targets: [],
  ...over,
});

function row(ref: string, over: Partial<RegisterRowDto> = {}): RegisterRowDto {
  return {
    id: Number(ref.slice(2)),
    ref,
    name: `Person ${ref}`,
    email: null,
    status: 'active',
    statusSince: null,
    startDate: '2020-01-01',
    standards: ['ST0071 v1.1'],
    eligibility: 'eligible',
    eligibilityReasons: [],
    compliance: compliance(),
    decisions: 10,
    flagged: 0,
    lastAssessmentDate: '2026-11-01',
    grades: { Pass: 8, Distinction: 2 },
    cpdHours: 4,
    ...over,
  };
}

const REGISTER = {
  at: '2026-12-02',
  rows: [
    row('IA001'),
    row('IA017', {
      eligibility: 'ineligible',
      eligibilityReasons: [
        'qualification: working towards, expected date passed (18 September 2026)',
      ],
    }),
    row('IA030', {
      compliance: compliance({
        status: 'never_attended',
        lastAttended: null,
        dueBy: null,
        daysToDue: null,
      }),
    }),
  ],
};

const VERSIONS: VersionChoiceDto[] = [
  {
    standardVersionId: 2,
    code: 'ST0071',
    title: 'Customer Service Specialist',
    version: '1.1',
    name: 'ST0071 v1.1',
    grades: ['Fail', 'Pass', 'Distinction'],
    methods: [],
  },
];

function eventDetail(over: Partial<EventDetailDto> = {}): EventDetailDto {
  return {
    id: 5,
    date: '2026-11-02',
    title: 'Winter standardisation',
    standards: ['ST0071 v1.1'],
    format: 'in_person',
    facilitator: 'Jordan Ellis',
    attended: 1,
    apologies: 0,
    absent: 0,
    files: 0,
    agenda: null,
    notes: null,
    createdBy: 'Asha Patel',
    upcoming: false,
    attendance: [
      { assessorId: 1, ref: 'IA001', name: 'Person IA001', attendance: 'attended', note: null },
    ],
    candidates: [
      { assessorId: 1, ref: 'IA001', name: 'Person IA001' },
      { assessorId: 17, ref: 'IA017', name: 'Person IA017' },
      { assessorId: 30, ref: 'IA030', name: 'Person IA030' },
    ],
    exercises: [],
    attachments: [],
    ...over,
  } as EventDetailDto;
}

describe('the register', () => {
  it('lists assessors with their eligibility reason and standardisation status, and filters to those needing attention', async () => {
    installFakeApi({ 'app:get-status': status(), 'assessors:register': REGISTER });
    render(<App />);
    const table = await screen.findByTestId('assessors-table');
    await waitFor(() => expect(window.__e2e?.events).toContain('page-loaded:assessors'));
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    const ia017 = screen.getByTestId('register-row-IA017');
    expect(ia017.textContent).toContain('Does not meet the criteria');
    expect(ia017.textContent).toContain(
      'qualification: working towards, expected date passed (18 September 2026)',
    );
    expect(screen.getByTestId('register-row-IA030').textContent).toContain('Never attended');
    expect(screen.getByTestId('register-row-IA030').textContent).toContain(
      'Before their next assessment',
    );

    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'attention' } });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    fireEvent.change(screen.getByLabelText('Find by reference or name'), {
      target: { value: 'ia030' },
    });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
  });

  it('offers adding assessors to an IQA lead only, with a helpful empty state', async () => {
    installFakeApi({
      'app:get-status': status({
        user: { id: 2, name: 'Ben Okafor', role: 'moderator', active: true },
      }),
      'assessors:register': { at: '2026-12-02', rows: [] },
    });
    render(<App />);
    expect(await screen.findByText('No independent assessors yet')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Add an independent assessor/ })).toBeNull();
  });
});

describe('tabs', () => {
  it('move with the arrow keys and load the events list', async () => {
    installFakeApi({
      'app:get-status': status(),
      'assessors:register': REGISTER,
      'standardisation:list-events': { events: [], years: [] },
    });
    render(<App />);
    const register = await screen.findByRole('tab', { name: 'Register' });
    expect(register.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(register, { key: 'ArrowRight' });
    const events = screen.getByRole('tab', { name: 'Standardisation' });
    expect(events.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(events);
    expect(await screen.findByText('No standardisation events yet')).toBeTruthy();
    expect(window.location.hash).toBe('#/assessors/standardisation');
    fireEvent.keyDown(events, { key: 'End' });
    expect(screen.getByRole('tab', { name: 'Annual report' }).getAttribute('aria-selected')).toBe(
      'true',
    );
  });
});

describe('attendance', () => {
  it('sends only the changes, and asks before removing a record', async () => {
    window.location.hash = '#/assessors/standardisation';
    const calls: unknown[] = [];
    installFakeApi({
      'app:get-status': status(),
      'standardisation:list-events': {
        events: [{ ...eventDetail(), exercises: 0 }],
        years: [2026],
      },
      'standardisation:versions': VERSIONS,
      'standardisation:get-event': eventDetail(),
      'standardisation:set-attendance': (input): ApiResult<EventDetailDto> => {
        calls.push(input);
        return { ok: true, value: eventDetail() };
      },
      'standardisation:remove-attendance': (input): ApiResult<EventDetailDto> => {
        calls.push(input);
        return { ok: true, value: eventDetail({ attendance: [] }) };
      },
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Winter standardisation' }));
    const select = await screen.findByLabelText('Attendance for Person IA017 (IA017)');
    fireEvent.change(select, { target: { value: 'apologies' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save attendance (1)' }));
    await waitFor(() =>
      expect(calls).toEqual([
        { eventId: 5, entries: [{ assessorId: 17, attendance: 'apologies' }] },
      ]),
    );

    const remove = screen.getByRole('button', {
      name: 'Remove attendance record for Person IA001',
    });
    // Cancel first: nothing is removed.
    fireEvent.click(remove);
    let ask = await screen.findByRole('dialog', { name: 'Remove attendance record' });
    expect(ask.textContent).toContain('Any grades they gave in its exercises are removed too.');
    fireEvent.click(within(ask).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls).toHaveLength(1);
    fireEvent.click(remove);
    ask = await screen.findByRole('dialog', { name: 'Remove attendance record' });
    fireEvent.click(within(ask).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(calls[1]).toEqual({ eventId: 5, assessorId: 1 }));
  });
});

describe('compliance', () => {
  it('shows the counts and who is due, and exports the invitation list', async () => {
    window.location.hash = '#/assessors/compliance';
    const view: ComplianceViewDto = {
      at: '2026-12-02',
      policy: DEFAULT_STANDARDISATION_POLICY,
      counts: { compliant: 24, due_soon: 3, overdue: 2, never_attended: 1 },
      notRequired: 0,
      rows: [
        {
          assessorId: 6,
          ref: 'IA006',
          name: 'Priya Davies',
          email: 'priya.davies@assessors.example',
          status: 'overdue',
          lastAttended: '2025-09-03',
          dueBy: '2026-09-03',
          daysToDue: -90,
          targets: [],
          eligibility: 'eligible',
        },
      ],
      nextEvent: { id: 9, date: '2027-01-14', title: 'January standardisation' },
    };
    const exported = vi.fn((): ApiResult<{ fileName: string; base64: string }> => ({
      ok: true,
      value: { fileName: 'standardisation-due-2026-12-02.csv', base64: btoa('Reference') },
    }));
    installFakeApi({
      'app:get-status': status(),
      'standardisation:compliance': view,
      'standardisation:export-compliance': exported,
    });
    URL.createObjectURL = vi.fn(() => 'blob:x');
    URL.revokeObjectURL = vi.fn();
    render(<App />);
    expect((await screen.findByTestId('count-overdue')).textContent).toContain('2');
    const ia006 = screen.getByTestId('compliance-row-IA006');
    expect(ia006.textContent).toContain('Was due by 3 Sept 2026 (90 days ago)');
    expect(ia006.textContent).toContain('priya.davies@assessors.example');
    expect(screen.getByText(/Next event:/).textContent).toContain('January standardisation');
    expect(screen.getByTestId('standardisation-policy').textContent).toContain(
      'at least once every 12 months',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV for invitations' }));
    await waitFor(() => expect(window.__e2e?.events).toContain('compliance-exported'));
    expect(exported).toHaveBeenCalledTimes(1);
  });
});

describe('exercise results', () => {
  it('lists who needs follow-up and why, and withholds a kappa verdict with too few items', () => {
    const stat = (value: number | null, n: number, enough: boolean) => ({
      value,
      se: 0.1,
      ci95: [0.2, 0.9] as [number, number],
      n,
      enough,
    });
    const results: ExerciseResultDto = {
      grades: ['Fail', 'Pass', 'Distinction'],
      assessors: [
        {
          assessorId: 4,
          ref: 'IA004',
          name: 'Evie Martin',
          items: 2,
          matches: 1,
          exact: 0.5,
          adjacent: 1,
          distant: 0,
          meanDifference: 0.5,
          kappa: stat(0, 2, false),
          criteriaJudged: 0,
          criteriaAgreed: 0,
          criteriaShare: null,
          followUp: ['matched the agreed grade on 1 of 2 items (50%; target 80%)'],
        },
      ],
      items: [
        {
          itemId: 1,
          label: 'Project A',
          agreedGrade: 'Pass',
          counts: { Fail: 0, Pass: 1, Distinction: 1 },
          marks: 2,
          exact: 0.5,
          sd: 0.5,
          lowest: 'Pass',
          highest: 'Distinction',
        },
      ],
      group: {
        pairs: 12,
        participants: 3,
        exact: 0.75,
        kappa: stat(0.64, 12, true),
        ac: stat(0.7, 12, true),
        meanDifference: 0.1,
        followUp: 1,
      },
    };
    render(<ExerciseResults results={results} />);
    expect(screen.getByTestId('follow-up').textContent).toContain(
      'IA004 Evie Martin: matched the agreed grade on 1 of 2 items (50%; target 80%)',
    );
    const table = screen.getByTestId('agreement-table');
    expect(table.textContent).toContain('2 items: too few for a verdict');
    expect(table.textContent).toContain('lenient by 0.50');
    expect(screen.getByTestId('group-agreement').textContent).toContain('0.64 (0.20 to 0.90)');
  });
});
