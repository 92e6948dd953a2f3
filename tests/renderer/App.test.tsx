import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult, UserDto } from '@shared/contract';
import { App } from '../../src/renderer/src/App';
import { createRecorder } from '../../src/renderer/src/e2e';
import { EMPTY_DASHBOARD, installFakeApi, removeFakeApi, status } from './fakeApi';

beforeEach(() => {
  window.location.hash = '';
  window.__e2e = createRecorder();
});
afterEach(() => {
  cleanup();
  removeFakeApi();
  delete window.__e2e;
});

describe('the app', () => {
  it('shows the first-run screen when there are no users yet, and creates the first IQA lead', async () => {
    let firstRun = true;
    const invoke = installFakeApi({
      'app:get-status': () => ({
        ok: true,
        value: firstRun
          ? status({ firstRun: true, needsOnboarding: true, user: null, counts: { users: 0 } })
          : status({ needsOnboarding: true }),
      }),
      'users:create': (input): ApiResult<UserDto> => {
        firstRun = false;
        const { name } = input as { name: string };
        return { ok: true, value: { id: 1, name, role: 'iqa_lead', active: true } };
      },
    });

    render(<App />);

    expect(
      await screen.findByRole('heading', { level: 1, name: /welcome to iqa desk/i }),
    ).toBeTruthy();
    expect(screen.getByTestId('page-welcome')).toBeTruthy();
    const field = screen.getByLabelText("The first IQA lead's name");
    fireEvent.change(field, { target: { value: 'Asha Patel' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));

    expect(await screen.findByTestId('page-onboarding')).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith('users:create', { name: 'Asha Patel', role: 'iqa_lead' });
    expect(screen.getByRole('button', { name: 'Load demo data' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Start empty' })).toBeTruthy();
  });

  it('shows a refusal from the core in an alert on the first-run screen', async () => {
    installFakeApi({
      'app:get-status': status({ firstRun: true, user: null }),
      'users:create': () => ({
        ok: false,
        error: { kind: 'validation', message: 'Enter a name of at least 2 characters' },
      }),
    });
    render(<App />);
    fireEvent.change(await screen.findByLabelText("The first IQA lead's name"), {
      target: { value: 'A' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Enter a name of at least 2 characters');
  });

  it('asks who is using the app when nobody is signed in', async () => {
    installFakeApi({
      'app:get-status': status({ user: null }),
      'users:list': [
        { id: 1, name: 'Asha Patel', role: 'iqa_lead', active: true },
        { id: 2, name: 'Ben Okafor', role: 'moderator', active: true },
      ],
    });
    render(<App />);
    const list = await screen.findByRole('list', { name: 'People' });
    expect(
      within(list)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Asha PatelIQA lead', 'Ben OkaforModerator']);
  });

  it('renders navigation to all seven pages, the status bar, and the dashboard empty state', async () => {
    installFakeApi({
      'app:get-status': status(),
      ...EMPTY_DASHBOARD,
    });
    render(<App />);

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const ids = [
      'dashboard',
      'moderation',
      'sampling',
      'assessors',
      'appeals',
      'imports',
      'settings',
    ];
    const links = ids.map((id) => within(nav).getByTestId(`nav-${id}`));
    expect(links.map((a) => a.textContent)).toEqual([
      'Dashboard',
      'Moderation queue',
      'Sampling',
      'Assessors & standardisation',
      'Appeals',
      'Imports',
      'Settings',
    ]);
    expect(links.map((a) => a.getAttribute('href'))).toEqual(ids.map((id) => `#/${id}`));
    expect(links[6]?.getAttribute('title')).toBe('Settings (Alt+7)');

    const bar = screen.getByTestId('status-bar');
    expect(bar.textContent).toContain('/tmp/iqa-test.sqlite');
    expect(bar.textContent).toContain('Asha Patel');
    expect(bar.textContent).toContain('IQA lead');

    await window.__e2e?.waitFor('page-loaded:dashboard');
    expect(screen.getByTestId('page-dashboard')).toBeTruthy();
    expect(
      screen.getByRole('heading', {
        name: 'No decisions yet — import decisions or load demo data',
      }),
    ).toBeTruthy();
  });

  it('follows the hash and Alt+digit shortcuts between pages', async () => {
    installFakeApi({
      'app:get-status': status(),
      ...EMPTY_DASHBOARD,
      'imports:list-batches': [],
      'imports:running-job': null,
      'imports:list-mappings': [],
    });
    render(<App />);
    await screen.findByTestId('page-dashboard');

    fireEvent.keyDown(window, { key: '6', code: 'Digit6', altKey: true });
    expect(await screen.findByTestId('page-imports')).toBeTruthy();
    await waitFor(() => expect(window.__e2e?.events).toContain('page-loaded:imports'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Imports');
    expect(screen.getByText('No imports yet')).toBeTruthy();
    expect(await screen.findByText('No saved mappings')).toBeTruthy();
    expect(screen.getByTestId('nav-imports').getAttribute('aria-current')).toBe('page');

    window.location.hash = '#/appeals';
    expect(await screen.findByTestId('page-appeals')).toBeTruthy();
  });

  it('tells a read-only user on the Imports page that importing needs an IQA lead or moderator, before any file is chosen', async () => {
    installFakeApi({
      'app:get-status': status({
        user: { id: 3, name: 'Cal Reid', role: 'read_only', active: true },
      }),
      ...EMPTY_DASHBOARD,
      'imports:list-batches': [],
      'imports:running-job': null,
      'imports:list-mappings': [],
    });
    window.location.hash = '#/imports';
    render(<App />);
    const notice = await screen.findByTestId('import-read-only');
    expect(notice.textContent).toContain(
      'You have read-only access: you can look through the imports made below and download their reports. Importing a file needs an IQA lead or a moderator.',
    );
    expect(screen.queryByTestId('import-wizard')).toBeNull();
    expect(screen.queryByLabelText(/File \(CSV or Excel/)).toBeNull();
  });

  it('uses the sector words from the status labels', async () => {
    installFakeApi({
      'app:get-status': status({
        labels: { standardisation: 'assessor alignment', epaShort: 'assessment' },
      }),
      ...EMPTY_DASHBOARD,
    });
    render(<App />);
    expect((await screen.findByTestId('nav-assessors')).textContent).toBe(
      'Assessors & assessor alignment',
    );
  });

  it('shows an alert, not a blank page, when the status cannot be read', async () => {
    installFakeApi({
      'app:get-status': () => ({
        ok: false,
        error: { kind: 'unavailable', message: 'The database could not be opened.' },
      }),
    });
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The database could not be opened.',
    );
  });
});
