import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UPLOAD_CHUNK_BYTES } from '@shared/contract';
import type {
  ImportFileInfoDto,
  ImportJobDto,
  ImportMappingDto,
  ImportResultDto,
  ModerationRecordDto,
} from '@shared/contract';
import { templateColumns } from '@shared/imports';
import { ImportWizard, resetImportWizard } from '../../src/renderer/src/imports/ImportWizard';
import { FirstRows, HeldAgain, Problems } from '../../src/renderer/src/imports/ResultView';
import { ProgressPanel } from '../../src/renderer/src/imports/ProgressPanel';
import { SavedMappings } from '../../src/renderer/src/imports/SavedMappings';
import { RecordHistory } from '../../src/renderer/src/moderation/RecordHistory';
import { useApi } from '../../src/renderer/src/api/useApi';
import { createRecorder } from '../../src/renderer/src/e2e';
import { installFakeApi, removeFakeApi } from './fakeApi';

const UPLOAD = '11111111-1111-4111-8111-111111111111';
const JOB = '22222222-2222-4222-8222-222222222222';

beforeEach(() => {
  window.__e2e = createRecorder();
  resetImportWizard();
});
afterEach(() => {
  cleanup();
  removeFakeApi();
  delete window.__e2e;
});

const info: ImportFileInfoDto = {
  uploadId: UPLOAD,
  fileName: 'export.csv',
  size: 2048,
  format: 'csv',
  encoding: 'windows-1252',
  delimiter: ';',
  sheets: [],
  sheet: null,
  headerRow: 2,
  headers: ['Learner ULN', 'Standard', 'Component', 'Assessor', 'Date assessed', 'Mark'],
  sample: [['1000000043', 'ST0071', 'Obs', 'IA001', '02/02/2026', 'P']],
  kind: 'decisions',
  suggestedKind: 'decisions',
  exact: false,
  mapping: {
    uln: 'Learner ULN',
    standard_code: 'Standard',
    method: 'Component',
    assessor_ref: 'Assessor',
    assessment_date: 'Date assessed',
    grade: null,
  },
  missingRequired: ['grade'],
  unused: ['Mark'],
  savedMapping: null,
  previousImports: [],
};

const result = (mode: 'preview' | 'commit'): ImportResultDto => ({
  kind: 'decisions',
  fileName: 'export.csv',
  fileHash: 'abc',
  mode,
  allOrNothing: false,
  committed: mode === 'commit',
  wouldCommit: true,
  batchId: mode === 'commit' ? 4 : null,
  rowsRead: 2,
  counts: { new: 1, changed: 0, unchanged: 0, rejected: 1, flags: 0 },
  problems: [
    {
      row: 4,
      column: 'uln',
      heading: 'Learner ULN',
      value: '1000000042',
      severity: 'error',
      message: 'ULN check digit does not match (expected 3)',
    },
  ],
  headings: {
    uln: 'Learner ULN',
    standard_code: 'Standard',
    method: 'Component',
    assessor_ref: 'Assessor',
    assessment_date: 'Date assessed',
    grade: 'Mark',
  },
  errorCount: 1,
  warningCount: 0,
  preview: [
    {
      row: 3,
      outcome: 'new',
      values: { uln: '1000000043', method: 'O', grade: 'Pass' },
      notes: [],
    },
  ],
  heldAgain: [],
  heldAgainCount: 0,
  message:
    mode === 'commit'
      ? 'Imported export.csv as batch 4: 1 new row.'
      : 'Nothing has been written yet. Importing would give 1 new row.',
  seconds: 0.1,
  previousImports: [],
});

describe('the import wizard', () => {
  it('uploads, asks for the missing column, previews, and imports only when confirmed', async () => {
    const starts: unknown[] = [];
    let mode: 'preview' | 'commit' = 'preview';
    const invoke = installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 11 },
      'imports:inspect': info,
      'imports:save-mapping': (input) => ({
        ok: true,
        value: {
          id: 1,
          name: (input as { name: string }).name,
          kind: 'decisions',
          headers: info.headers,
          mapping: {},
          updatedAt: '',
        },
      }),
      'imports:start': (input) => {
        starts.push(input);
        mode = (input as { mode: 'preview' | 'commit' }).mode;
        return { ok: true, value: { jobId: JOB } };
      },
      'imports:job-status': (): { ok: true; value: ImportJobDto } => ({
        ok: true,
        value: {
          jobId: JOB,
          mode,
          state: 'done',
          rowsDone: 2,
          bytesDone: 11,
          bytesTotal: 11,
          finishing: null,
          saving: false,
          result: result(mode),
          error: null,
        },
      }),
    });
    let imported = 0;
    render(<ImportWizard onImported={() => imported++} />);
    const file = new File(['uln;grade\n1;P\n'], 'export.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [file] },
    });

    expect(
      await screen.findByText(/CSV, windows-1252, semicolon-separated, 2 KB; header on row 2/),
    ).toBeTruthy();
    // The keyboard goes on from the file just read, not from the top of the page (an effect, which
    // may run just after the text shows).
    await waitFor(() =>
      expect(document.activeElement?.textContent).toMatch(/^export\.csv: CSV, windows-1252/),
    );
    expect(screen.getByTestId('mapping-problems').textContent).toBe(
      'Choose the column that holds grade (required).',
    );
    const preview = screen.getByRole('button', { name: 'Preview the import' }) as HTMLButtonElement;
    expect(preview.disabled).toBe(true);

    fireEvent.change(screen.getByLabelText('Column for grade'), { target: { value: 'Mark' } });
    expect(screen.queryByTestId('mapping-problems')).toBeNull();
    fireEvent.click(screen.getByLabelText('Save this mapping for files with these columns'));
    fireEvent.change(screen.getByLabelText('Mapping name'), { target: { value: 'EPA Pro' } });
    fireEvent.click(preview);

    expect(await screen.findByTestId('import-preview')).toBeTruthy();
    // The user is taken to the preview: the button that started it may be far down the page (an
    // effect, which may run just after the preview shows).
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Preview of export.csv'));
    expect(invoke).toHaveBeenCalledWith(
      'imports:save-mapping',
      expect.objectContaining({ name: 'EPA Pro', kind: 'decisions' }),
    );
    expect(starts[0]).toMatchObject({
      uploadId: UPLOAD,
      kind: 'decisions',
      mode: 'preview',
      allOrNothing: false,
      mappingName: 'EPA Pro',
      mapping: { grade: 'Mark' },
    });
    expect(screen.getByTestId('count-rejected').textContent).toContain('1');
    expect(screen.getByTestId('import-problems').textContent).toContain(
      'ULN check digit does not match (expected 3)',
    );
    // The problem is placed in the file's own column, with the template's name beside it.
    expect(screen.getByRole('cell', { name: 'Learner ULN (uln)' })).toBeTruthy();
    expect(imported).toBe(0);

    fireEvent.click(screen.getByRole('button', { name: 'Import 1 row' }));
    expect(await screen.findByTestId('import-done')).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Imported: export.csv'));
    expect(screen.getByTestId('import-message').textContent).toBe(
      'Imported export.csv as batch 4: 1 new row.',
    );
    expect(starts[1]).toMatchObject({ mode: 'commit', mappingName: 'EPA Pro' });
    await waitFor(() => expect(imported).toBe(1));
    expect(window.__e2e?.events).toEqual(
      expect.arrayContaining(['import-inspected', 'import-preview-ready', 'import-committed']),
    );
  });

  it('asks before replacing a saved mapping of the same name, and shows a name another template has as refused', async () => {
    const saves: { name: string; replace?: boolean }[] = [];
    const starts: unknown[] = [];
    installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 11 },
      'imports:inspect': info,
      'imports:save-mapping': (input) => {
        const { name, replace } = input as { name: string; replace?: boolean };
        saves.push({ name, ...(replace === undefined ? {} : { replace }) });
        if (name === 'Moderation log')
          return {
            ok: false,
            error: {
              kind: 'refused',
              message:
                'There is already a saved mapping called "Moderation log", for moderation history files. Give this mapping another name.',
            },
          };
        if (!replace)
          return {
            ok: false,
            error: {
              kind: 'conflict',
              message:
                'There is already a saved mapping called "EPA Pro" for assessor decisions files. Replace it with this one, or give this mapping another name.',
            },
          };
        const saved: ImportMappingDto = {
          id: 1,
          name,
          kind: 'decisions',
          headers: info.headers,
          mapping: {},
          updatedAt: '',
        };
        return { ok: true, value: saved };
      },
      'imports:start': (input) => {
        starts.push(input);
        return { ok: true, value: { jobId: JOB } };
      },
      'imports:job-status': (): { ok: true; value: ImportJobDto } => ({
        ok: true,
        value: {
          jobId: JOB,
          mode: 'preview',
          state: 'done',
          rowsDone: 2,
          bytesDone: 11,
          bytesTotal: 11,
          finishing: null,
          saving: false,
          result: result('preview'),
          error: null,
        },
      }),
    });
    render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File(['uln;grade\n1;P\n'], 'export.csv', { type: 'text/csv' })] },
    });
    fireEvent.change(await screen.findByLabelText('Column for grade'), {
      target: { value: 'Mark' },
    });
    fireEvent.click(screen.getByLabelText('Save this mapping for files with these columns'));
    const name = screen.getByLabelText('Mapping name');
    const preview = screen.getByRole('button', { name: 'Preview the import' });

    // Another template's name: refused, said in words, nothing started.
    fireEvent.change(name, { target: { value: 'Moderation log' } });
    fireEvent.click(preview);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'There is already a saved mapping called "Moderation log", for moderation history files.',
    );
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();

    // This template's name: asked first; Cancel saves nothing and starts nothing.
    fireEvent.change(name, { target: { value: 'epa pro' } });
    fireEvent.click(preview);
    const dialog = await screen.findByRole('dialog', {
      name: 'Replace the saved mapping “epa pro”?',
    });
    expect(dialog.textContent).toContain(
      'There is already a saved mapping called "EPA Pro" for assessor decisions files.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(
      await screen.findByText(
        'The mapping was not saved and nothing was checked: give it another name, or replace the saved one.',
      ),
    ).toBeTruthy();
    expect(starts).toEqual([]);

    // Asked again and confirmed: replaced, then previewed under that name.
    fireEvent.click(preview);
    await screen.findByRole('dialog', { name: 'Replace the saved mapping “epa pro”?' });
    fireEvent.click(screen.getByRole('button', { name: 'Replace it' }));
    expect(await screen.findByTestId('import-preview')).toBeTruthy();
    expect(saves).toEqual([
      { name: 'Moderation log' },
      { name: 'epa pro' },
      { name: 'epa pro' },
      { name: 'epa pro', replace: true },
    ]);
    expect(starts).toEqual([expect.objectContaining({ mode: 'preview', mappingName: 'epa pro' })]);
  });

  it('saves the mapping and checks the file once when "Preview the import" is double-clicked', async () => {
    const saves: unknown[] = [];
    const starts: unknown[] = [];
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 11 },
      'imports:inspect': info,
      // The first save is answered only once released; a second would find the name taken.
      'imports:save-mapping': (input) => {
        saves.push(input);
        if (saves.length > 1)
          return {
            ok: false,
            error: { kind: 'conflict', message: 'There is already a saved mapping called "EPA".' },
          };
        const saved: ImportMappingDto = {
          id: 1,
          name: 'EPA',
          kind: 'decisions',
          headers: info.headers,
          mapping: {},
          updatedAt: '',
        };
        return answered.then(() => ({ ok: true, value: saved })) as never;
      },
      'imports:start': (input) => {
        starts.push(input);
        return { ok: true, value: { jobId: JOB } };
      },
      'imports:job-status': {
        jobId: JOB,
        mode: 'preview',
        state: 'done',
        rowsDone: 2,
        bytesDone: 11,
        bytesTotal: 11,
        finishing: null,
        saving: false,
        result: result('preview'),
        error: null,
      },
    });
    render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File(['uln;grade\n1;P\n'], 'export.csv', { type: 'text/csv' })] },
    });
    fireEvent.change(await screen.findByLabelText('Column for grade'), {
      target: { value: 'Mark' },
    });
    fireEvent.click(screen.getByLabelText('Save this mapping for files with these columns'));
    const preview = screen.getByRole('button', { name: 'Preview the import' });
    preview.focus();
    fireEvent.click(preview);
    fireEvent.click(preview);
    // Inactive while the mapping is saved, yet still where the keyboard is.
    expect(preview.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(preview);
    answer();
    expect(await screen.findByTestId('import-preview')).toBeTruthy();
    expect(saves).toHaveLength(1);
    expect(starts).toHaveLength(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByText(/The mapping was not saved/)).toBeNull();
  });

  it('imports once when the import button is double-clicked', async () => {
    const starts: { mode: string }[] = [];
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 11 },
      'imports:inspect': { ...info, exact: true, mapping: { ...info.mapping, grade: 'Mark' } },
      // The import is started only once released; a second would find it running.
      'imports:start': (input) => {
        starts.push(input as { mode: string });
        if (starts.length === 1) return { ok: true, value: { jobId: JOB } };
        if (starts.length > 2)
          return {
            ok: false,
            error: {
              kind: 'conflict',
              message: 'Another import is running. Wait for it to finish, or cancel it, first.',
            },
          };
        return answered.then(() => ({ ok: true, value: { jobId: JOB } })) as never;
      },
      'imports:job-status': () => {
        const mode = starts.at(-1)?.mode === 'commit' ? 'commit' : 'preview';
        return {
          ok: true,
          value: {
            jobId: JOB,
            mode,
            state: 'done',
            rowsDone: 2,
            bytesDone: 11,
            bytesTotal: 11,
            finishing: null,
            saving: false,
            result: result(mode),
            error: null,
          },
        };
      },
    });
    render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File(['uln;grade\n1;P\n'], 'export.csv', { type: 'text/csv' })] },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Preview the import' }));
    const confirm = await screen.findByTestId('confirm-import');
    fireEvent.click(confirm);
    fireEvent.click(confirm);
    expect(confirm.getAttribute('aria-disabled')).toBe('true');
    answer();
    expect(await screen.findByTestId('import-done')).toBeTruthy();
    expect(starts.map((s) => s.mode)).toEqual(['preview', 'commit']);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a large file being sent on a bar, and Cancel stops it: nothing more is sent or read', async () => {
    const parts: number[] = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const invoke = installFakeApi({
      'imports:running-job': null,
      // The first part is answered at once, the second only once released.
      'imports:upload-chunk': (input) => {
        const { offset } = input as { offset: number };
        parts.push(offset);
        const answer = {
          ok: true as const,
          value: { uploadId: UPLOAD, received: offset + UPLOAD_CHUNK_BYTES },
        };
        return (offset === 0 ? answer : released.then(() => answer)) as never;
      },
      'imports:inspect': info,
    });
    render(<ImportWizard onImported={() => undefined} />);
    const file = new File([new Uint8Array(UPLOAD_CHUNK_BYTES * 3)], 'whole year.csv');
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [file] },
    });
    await waitFor(() =>
      expect(screen.getByTestId('upload-progress-text').textContent).toBe(
        '33% sent · 0.5 of 1.5 MB',
      ),
    );
    const panel = screen.getByRole('region', { name: 'Sending whole year.csv' });
    expect(screen.getByTestId('upload-progress-bar').getAttribute('value')).toMatch(/^0\.33/);
    // The keyboard is on the panel, one Tab before its Cancel.
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Sending whole year.csv'));
    const input = screen.getByLabelText('File (CSV or Excel .xlsx)') as HTMLInputElement;
    expect(input.disabled).toBe(true);

    fireEvent.click(within(panel).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('status').textContent).toBe(
      'Sending whole year.csv was cancelled; nothing was imported.',
    );
    expect(screen.queryByTestId('upload-progress-bar')).toBeNull();
    expect(input.disabled).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(input));
    // The part on its way lands; no other is sent, and the file is never read.
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(parts).toEqual([0, UPLOAD_CHUNK_BYTES]);
    expect(invoke).not.toHaveBeenCalledWith('imports:inspect', expect.anything());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByTestId('upload-progress-bar')).toBeNull();
  });

  it('keeps a file being sent across visits to another page, and shows it at its columns on return', async () => {
    let sent: () => void = () => undefined;
    const allSent = new Promise<void>((resolve) => (sent = resolve));
    let read: () => void = () => undefined;
    const allRead = new Promise<void>((resolve) => (read = resolve));
    const invoke = installFakeApi({
      'imports:running-job': null,
      // The first part is answered at once, the others once released.
      'imports:upload-chunk': (input) => {
        const { offset } = input as { offset: number };
        const answer = {
          ok: true as const,
          value: { uploadId: UPLOAD, received: offset + UPLOAD_CHUNK_BYTES },
        };
        return (offset === 0 ? answer : allSent.then(() => answer)) as never;
      },
      'imports:inspect': () =>
        allRead.then(() => ({ ok: true, value: { ...info, fileName: 'whole year.csv' } })) as never,
    });
    const first = render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File([new Uint8Array(UPLOAD_CHUNK_BYTES * 3)], 'whole year.csv')] },
    });
    await waitFor(() =>
      expect(screen.getByTestId('upload-progress-text').textContent).toBe(
        '33% sent · 0.5 of 1.5 MB',
      ),
    );
    first.unmount();

    // Back while it is still being sent: shown as it is, and followed to the end of sending.
    const second = render(<ImportWizard onImported={() => undefined} />);
    expect(screen.getByRole('region', { name: 'Sending whole year.csv' })).toBeTruthy();
    expect(screen.getByTestId('upload-progress-text').textContent).toBe('33% sent · 0.5 of 1.5 MB');
    sent();
    expect(await screen.findByRole('region', { name: 'Reading whole year.csv' })).toBeTruthy();
    second.unmount();

    // Read while the page is away: coming back finds it at its columns.
    read();
    await waitFor(() => expect(window.__e2e?.events).toContain('import-inspected'));
    render(<ImportWizard onImported={() => undefined} />);
    expect(screen.getByText('whole year.csv')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Preview the import' })).toBeTruthy();
    expect(screen.queryByTestId('upload-progress-bar')).toBeNull();
    expect(invoke).toHaveBeenCalledWith('imports:inspect', { uploadId: UPLOAD, kind: 'decisions' });
  });

  it('cancels a file being sent from the page come back to', async () => {
    let sent: () => void = () => undefined;
    const allSent = new Promise<void>((resolve) => (sent = resolve));
    const invoke = installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': (input) => {
        const { offset } = input as { offset: number };
        const answer = {
          ok: true as const,
          value: { uploadId: UPLOAD, received: offset + UPLOAD_CHUNK_BYTES },
        };
        return (offset === 0 ? answer : allSent.then(() => answer)) as never;
      },
      'imports:inspect': info,
    });
    const first = render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File([new Uint8Array(UPLOAD_CHUNK_BYTES * 3)], 'whole year.csv')] },
    });
    await screen.findByText('33% sent · 0.5 of 1.5 MB');
    first.unmount();
    render(<ImportWizard onImported={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('status').textContent).toBe(
      'Sending whole year.csv was cancelled; nothing was imported.',
    );
    sent();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(invoke).not.toHaveBeenCalledWith('imports:inspect', expect.anything());
    expect(screen.queryByTestId('upload-progress-bar')).toBeNull();
  });

  it('says on return why a file sent while the page was away could not be read', async () => {
    let read: () => void = () => undefined;
    const allRead = new Promise<void>((resolve) => (read = resolve));
    installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 3 },
      'imports:inspect': () =>
        allRead.then(() => ({
          ok: false,
          error: { kind: 'refused', message: 'old.xls is an Excel 97-2003 workbook (.xls).' },
        })) as never,
    });
    const first = render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File(['abc'], 'old.xls')] },
    });
    await screen.findByRole('region', { name: 'Reading old.xls' });
    first.unmount();
    read();
    await new Promise((resolve) => setTimeout(resolve, 20));
    render(<ImportWizard onImported={() => undefined} />);
    expect(screen.getByRole('alert').textContent).toContain(
      'old.xls is an Excel 97-2003 workbook (.xls).',
    );
    expect((screen.getByLabelText('File (CSV or Excel .xlsx)') as HTMLInputElement).disabled).toBe(
      false,
    );
  });

  it('says a preview under "Import nothing" with a row rejected has nothing to import, and offers the valid rows', async () => {
    const starts: { mode: string; allOrNothing: boolean }[] = [];
    const blocked: ImportResultDto = {
      ...result('preview'),
      allOrNothing: true,
      wouldCommit: false,
      message:
        'Nothing would be imported: 1 row was rejected and you chose to import nothing if any row is rejected. Fix the rows in the report, or choose to import the valid rows.',
    };
    installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 11 },
      'imports:inspect': { ...info, exact: true, mapping: { ...info.mapping, grade: 'Mark' } },
      'imports:start': (input) => {
        starts.push(input as { mode: string; allOrNothing: boolean });
        return { ok: true, value: { jobId: JOB } };
      },
      'imports:job-status': () => {
        const commit = starts.at(-1)?.mode === 'commit';
        return {
          ok: true,
          value: {
            jobId: JOB,
            mode: commit ? 'commit' : 'preview',
            state: 'done',
            rowsDone: 2,
            bytesDone: 11,
            bytesTotal: 11,
            finishing: null,
            saving: false,
            result: commit ? result('commit') : blocked,
            error: null,
          },
        };
      },
    });
    render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File(['uln;grade\n1;P\n'], 'export.csv', { type: 'text/csv' })] },
    });
    fireEvent.click(await screen.findByLabelText('Import nothing'));
    fireEvent.click(screen.getByRole('button', { name: 'Preview the import' }));
    const preview = await screen.findByTestId('import-preview');
    const confirm = screen.getByTestId('confirm-import') as HTMLButtonElement;
    expect(confirm.textContent).toBe('Nothing to import');
    expect(confirm.disabled).toBe(true);

    // The valid rows after all, chosen in the preview: no second check.
    fireEvent.click(within(preview).getByLabelText('Import the valid rows'));
    expect(confirm.textContent).toBe('Import 1 row');
    expect(confirm.disabled).toBe(false);
    expect(screen.getByTestId('import-message').textContent).toBe(
      'Nothing has been written yet. Importing the valid rows would give 1 new row, 0 changed, 0 unchanged; 1 rejected row would be left out (see the report).',
    );
    // And back: the preview's own words again.
    fireEvent.click(within(preview).getByLabelText('Import nothing'));
    expect(confirm.textContent).toBe('Nothing to import');
    expect(screen.getByTestId('import-message').textContent).toBe(blocked.message);
    fireEvent.click(within(preview).getByLabelText('Import the valid rows'));
    fireEvent.click(confirm);
    expect(await screen.findByTestId('import-done')).toBeTruthy();
    expect(starts.map((s) => [s.mode, s.allOrNothing])).toEqual([
      ['preview', true],
      ['commit', false],
    ]);
  });

  it('says what went wrong with the file, naming it', async () => {
    installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 3 },
      'imports:inspect': () => ({
        ok: false,
        error: { kind: 'refused', message: 'old.xls is an Excel 97-2003 workbook (.xls).' },
      }),
    });
    render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File(['abc'], 'old.xls')] },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('old.xls is an Excel 97-2003 workbook (.xls).');
    // Named once, not "old.xls: old.xls is…".
    expect(alert.textContent?.split('old.xls').length).toBe(2);
  });

  it('points to the other sheets when the first sheet of a workbook does not have the columns', async () => {
    installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 3 },
      'imports:inspect': {
        ...info,
        fileName: 'book.xlsx',
        format: 'xlsx',
        sheets: ['Summary', 'Decisions'],
        sheet: 'Summary',
        headers: ['Generated', '2026-11-30'],
        suggestedKind: null,
        mapping: {},
        missingRequired: templateColumns('decisions')
          .filter((c) => c.required)
          .map((c) => c.name),
      },
    });
    render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File(['abc'], 'book.xlsx')] },
    });
    expect((await screen.findByTestId('other-sheets')).textContent).toBe(
      'The sheet “Summary” does not have the assessor decisions columns. This workbook has 1 other sheet: choose the one to import under Worksheet.',
    );
  });

  it('keeps the keyboard on Worksheet while another sheet is read, so the next arrow press picks the one after', async () => {
    const book: ImportFileInfoDto = {
      ...info,
      fileName: 'book.xlsx',
      format: 'xlsx',
      sheets: ['Notes', 'Assessors', 'Decisions'],
      sheet: 'Notes',
    };
    const asked: unknown[] = [];
    let answer: (value: ImportFileInfoDto) => void = () => undefined;
    installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 3 },
      'imports:inspect': (input: unknown) => {
        const sheet = (input as { sheet?: string }).sheet;
        asked.push(sheet);
        if (sheet === undefined) return { ok: true, value: book };
        // Read again: answered when the test says (the fake bridge awaits what it is given).
        return new Promise<ImportFileInfoDto>((r) => (answer = r)).then((value) => ({
          ok: true,
          value,
        })) as never;
      },
    });
    render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File(['abc'], 'book.xlsx')] },
    });
    const sheet = (await screen.findByLabelText('Worksheet')) as HTMLSelectElement;
    sheet.focus();
    // An arrow key on a closed select chooses the next sheet at once, as Chromium does.
    fireEvent.change(sheet, { target: { value: 'Assessors' } });
    expect(await screen.findByText('Reading book.xlsx…')).toBeTruthy();
    // Still there, still focused, showing the sheet chosen while it is read.
    expect(screen.getByLabelText('Worksheet')).toBe(sheet);
    expect(document.activeElement).toBe(sheet);
    expect(sheet.value).toBe('Assessors');
    answer({ ...book, sheet: 'Assessors' });
    await waitFor(() => expect(screen.queryByText('Reading book.xlsx…')).toBeNull());
    expect(screen.getByLabelText('Worksheet')).toBe(sheet);
    expect(document.activeElement).toBe(sheet);
    expect(asked).toEqual([undefined, 'Assessors']);
  });

  it('clears the chosen file when it cannot be read, so the same file, corrected, can be chosen again', async () => {
    installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 3 },
      'imports:inspect': () => ({
        ok: false,
        error: { kind: 'refused', message: 'old.xls is an Excel 97-2003 workbook (.xls).' },
      }),
    });
    render(<ImportWizard onImported={() => undefined} />);
    const input = screen.getByLabelText('File (CSV or Excel .xlsx)') as HTMLInputElement;
    // jsdom keeps no file list from a change event: the value stands for the file chosen.
    Object.defineProperty(input, 'value', {
      configurable: true,
      writable: true,
      value: 'C:\\fakepath\\old.xls',
    });
    fireEvent.change(input, { target: { files: [new File(['abc'], 'old.xls')] } });
    await screen.findByRole('alert');
    // A browser fires no change for the file already chosen: it must be chosen afresh.
    expect(input.value).toBe('');
  });

  it('picks up a running import again after a visit to another page, and cancels it', async () => {
    const invoke = installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 11 },
      'imports:inspect': {
        ...info,
        exact: true,
        missingRequired: [],
        mapping: { ...info.mapping, grade: 'Mark' },
      },
      'imports:start': { jobId: JOB },
      'imports:job-status': {
        jobId: JOB,
        mode: 'preview',
        state: 'running',
        rowsDone: 5000,
        bytesDone: 512,
        bytesTotal: 2048,
        finishing: null,
        saving: false,
        result: null,
        error: null,
      },
      'imports:cancel': {
        jobId: JOB,
        mode: 'preview',
        state: 'running',
        rowsDone: 5000,
        bytesDone: 512,
        bytesTotal: 2048,
        finishing: null,
        saving: false,
        result: null,
        error: null,
      },
    });
    const first = render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File(['x'], 'export.csv')] },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Preview the import' }));
    await waitFor(() =>
      expect(screen.getByTestId('import-progress-text').textContent).toBe(
        '5,000 rows checked · 25% of the file read',
      ),
    );
    first.unmount();

    render(<ImportWizard onImported={() => undefined} />);
    await waitFor(() =>
      expect(screen.getByTestId('import-progress-text').textContent).toBe(
        '5,000 rows checked · 25% of the file read',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('imports:cancel', { jobId: JOB }));
  });

  it('finds an import still running after a reload, shows its progress, and carries on from it', async () => {
    let state: ImportJobDto['state'] = 'running';
    const starts: unknown[] = [];
    const running: ImportJobDto = {
      jobId: JOB,
      mode: 'preview',
      state: 'running',
      rowsDone: 120_000,
      bytesDone: 1024,
      bytesTotal: 2048,
      finishing: null,
      saving: false,
      result: null,
      error: null,
    };
    const invoke = installFakeApi({
      'imports:running-job': {
        job: running,
        request: {
          uploadId: UPLOAD,
          fileName: 'export.csv',
          kind: 'decisions',
          allOrNothing: true,
          sheet: null,
          mapping: { ...info.mapping, grade: 'Mark' },
          mappingName: 'EPA Pro',
        },
      },
      'imports:inspect': info,
      'imports:job-status': () => ({
        ok: true,
        value:
          state === 'running'
            ? running
            : // Checked under "Import nothing", as asked, with no row rejected.
              {
                ...running,
                state,
                rowsDone: 2,
                result: {
                  ...result('preview'),
                  allOrNothing: true,
                  counts: { ...result('preview').counts, rejected: 0 },
                },
              },
      }),
      'imports:cancel': running,
      'imports:start': (input) => {
        starts.push(input);
        return { ok: true, value: { jobId: JOB } };
      },
    });
    // A reload: the page remembers nothing of the import it started.
    render(<ImportWizard onImported={() => undefined} />);
    await waitFor(() =>
      expect(screen.getByTestId('import-progress-text').textContent).toBe(
        '120,000 rows checked · 50% of the file read',
      ),
    );
    expect(screen.getByRole('status').textContent).toBe('An import of export.csv is running.');
    expect(screen.getByRole('heading', { name: 'Checking every row' })).toBeTruthy();
    await waitFor(() =>
      expect(invoke).toHaveBeenCalledWith('imports:inspect', {
        uploadId: UPLOAD,
        kind: 'decisions',
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('imports:cancel', { jobId: JOB }));

    // It finished before the cancel took: the preview can be confirmed as if never reloaded.
    state = 'done';
    expect(await screen.findByTestId('import-preview')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Import 1 row' }));
    await waitFor(() => expect(starts).toHaveLength(1));
    expect(starts[0]).toEqual({
      uploadId: UPLOAD,
      kind: 'decisions',
      mode: 'commit',
      allOrNothing: true,
      mapping: { ...info.mapping, grade: 'Mark' },
      mappingName: 'EPA Pro',
    });
  });

  it('keeps the file read again for a found import across a visit to another page', async () => {
    let state: ImportJobDto['state'] = 'running';
    let release: () => void = () => undefined;
    const inspected = new Promise<void>((resolve) => (release = resolve));
    const running: ImportJobDto = {
      jobId: JOB,
      mode: 'preview',
      state: 'running',
      rowsDone: 10,
      bytesDone: 1,
      bytesTotal: 2048,
      finishing: null,
      saving: false,
      result: null,
      error: null,
    };
    installFakeApi({
      'imports:running-job': {
        job: running,
        request: {
          uploadId: UPLOAD,
          fileName: 'export.csv',
          kind: 'decisions',
          allOrNothing: false,
          sheet: null,
          mapping: null,
          mappingName: null,
        },
      },
      // Answered only once released: the reading takes longer than the visit.
      'imports:inspect': () => inspected.then(() => ({ ok: true, value: info })) as never,
      'imports:job-status': () => ({ ok: true, value: { ...running, state } }),
      'imports:cancel': running,
    });
    const first = render(<ImportWizard onImported={() => undefined} />);
    await screen.findByTestId('import-progress-text');
    first.unmount();
    release();
    await waitFor(() => expect(window.__e2e?.events).toContain('import-restored'));

    render(<ImportWizard onImported={() => undefined} />);
    await screen.findByTestId('import-progress-text');
    state = 'cancelled';
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect((await screen.findByRole('status')).textContent).toBe('Cancelled. Nothing was written.');
    // Back at the columns of the same file, not at an empty form.
    expect(screen.getByRole('button', { name: 'Preview the import' })).toBeTruthy();
    expect(screen.getByText('export.csv')).toBeTruthy();
  });

  it('says what a large import is doing once every row is read, with a bar that claims no share', () => {
    const job: ImportJobDto = {
      jobId: JOB,
      mode: 'commit',
      state: 'running',
      rowsDone: 1_000_567,
      bytesDone: 2048,
      bytesTotal: 2048,
      finishing: 'Updating the indexes the dashboards and queues use',
      saving: false,
      result: null,
      error: null,
    };
    const view = render(<ProgressPanel title="Importing" job={job} onCancel={() => undefined} />);
    expect(screen.getByTestId('import-progress-text').textContent).toBe(
      'All 1,000,567 rows read · Updating the indexes the dashboards and queues use…',
    );
    expect(screen.getByTestId('import-progress-bar').hasAttribute('value')).toBe(false);
    view.rerender(
      <ProgressPanel
        title="Importing"
        job={{ ...job, finishing: null, bytesDone: 1024 }}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getByTestId('import-progress-text').textContent).toBe(
      '1,000,567 rows checked · 50% of the file read',
    );
    expect(screen.getByTestId('import-progress-bar').getAttribute('value')).toBe('0.5');
    // A workbook gives no share of the file (it is unzipped before its rows are read).
    view.rerender(
      <ProgressPanel
        title="Importing"
        job={{ ...job, finishing: null, bytesDone: 2048, bytesTotal: 0 }}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getByTestId('import-progress-text').textContent).toBe('1,000,567 rows checked');
    expect(screen.getByTestId('import-progress-bar').hasAttribute('value')).toBe(false);
  });

  it('takes the keyboard to the check once it starts, and on to the preview when it ends', async () => {
    let state: ImportJobDto['state'] = 'running';
    installFakeApi({
      'imports:running-job': null,
      'imports:upload-chunk': { uploadId: UPLOAD, received: 11 },
      'imports:inspect': {
        ...info,
        exact: true,
        missingRequired: [],
        mapping: { ...info.mapping, grade: 'Mark' },
      },
      'imports:start': { jobId: JOB },
      'imports:job-status': () => ({
        ok: true,
        value: {
          jobId: JOB,
          mode: 'preview',
          state,
          rowsDone: state === 'running' ? 5000 : 2,
          bytesDone: 512,
          bytesTotal: 2048,
          finishing: null,
          saving: false,
          result: state === 'running' ? null : result('preview'),
          error: null,
        },
      }),
    });
    render(<ImportWizard onImported={() => undefined} />);
    fireEvent.change(screen.getByLabelText('File (CSV or Excel .xlsx)'), {
      target: { files: [new File(['x'], 'export.csv')] },
    });
    const preview = await screen.findByRole('button', { name: 'Preview the import' });
    preview.focus();
    fireEvent.click(preview);
    // The button pressed is gone with the columns: the keyboard goes to the check, just above its
    // Cancel, rather than to the top of the page.
    const checking = await screen.findByRole('heading', { name: 'Checking every row' });
    await waitFor(() => expect(document.activeElement).toBe(checking));

    state = 'done';
    expect(await screen.findByTestId('import-preview')).toBeTruthy();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Preview of export.csv'));
  });

  it('offers no cancel, and promises none, once an import is saving', async () => {
    let saving = false;
    let state: ImportJobDto['state'] = 'running';
    const invoke = installFakeApi({
      'imports:job-status': () => ({
        ok: true,
        value: {
          jobId: JOB,
          mode: 'commit',
          state,
          rowsDone: 2,
          bytesDone: 2048,
          bytesTotal: 2048,
          finishing: saving ? 'Saving' : 'Finishing the checks',
          saving: state === 'running' && saving,
          result: state === 'running' ? null : result('commit'),
          error: null,
        },
      }),
      'imports:running-job': {
        job: {
          jobId: JOB,
          mode: 'commit',
          state: 'running',
          rowsDone: 2,
          bytesDone: 2048,
          bytesTotal: 2048,
          finishing: null,
          saving: false,
          result: null,
          error: null,
        },
        request: {
          uploadId: UPLOAD,
          fileName: 'export.csv',
          kind: 'decisions',
          allOrNothing: false,
          sheet: null,
          mapping: null,
          mappingName: null,
        },
      },
      'imports:inspect': info,
    });
    render(<ImportWizard onImported={() => undefined} />);
    await waitFor(() =>
      expect(screen.getByTestId('import-progress-text').textContent).toBe(
        'All 2 rows read · Finishing the checks…',
      ),
    );
    // Still checking: a cancel is taken, and leaves everything as it was.
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    expect(cancel.getAttribute('aria-disabled')).toBeNull();
    expect(screen.getByText(/cancelling leaves everything as it was/)).toBeTruthy();

    saving = true;
    await waitFor(() =>
      expect(screen.getByTestId('import-progress-text').textContent).toBe(
        'All 2 rows read · Saving…',
      ),
    );
    expect(screen.queryByText(/cancelling leaves everything as it was/)).toBeNull();
    // Cancel stays where the keyboard may be, but does nothing, and says why.
    expect(cancel.getAttribute('aria-disabled')).toBe('true');
    expect(cancel.getAttribute('aria-describedby')).toBeTruthy();
    expect(
      document.getElementById(cancel.getAttribute('aria-describedby') ?? '')?.textContent,
    ).toBe(
      'Saving — this import can no longer be cancelled. If saving fails, nothing is imported.',
    );
    fireEvent.click(cancel);
    expect(invoke).not.toHaveBeenCalledWith('imports:cancel', expect.anything());

    state = 'done';
    expect(await screen.findByRole('heading', { name: 'Imported: export.csv' })).toBeTruthy();
  });

  it('shows the choice of file when no import is running', async () => {
    const invoke = installFakeApi({ 'imports:running-job': null });
    render(<ImportWizard onImported={() => undefined} />);
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('imports:running-job', {}));
    expect(screen.getByLabelText('File (CSV or Excel .xlsx)')).toBeTruthy();
    expect(screen.queryByTestId('import-progress-bar')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

function MappingsHarness(props: { canEdit: boolean }) {
  const mappings = useApi('imports:list-mappings', {});
  return <SavedMappings mappings={mappings} canEdit={props.canEdit} />;
}

const savedMapping = (id: number, name: string): ImportMappingDto => ({
  id,
  name,
  kind: id === 1 ? 'decisions' : 'standardisation',
  headers: id === 1 ? info.headers : ['When', 'Event', 'Who', 'Came?'],
  mapping: {},
  updatedAt: '2026-11-20T10:00:00.000Z',
});

describe('the first rows of a decisions preview', () => {
  it('show a rejected row under the same columns as the rows kept, as the file gave it', () => {
    const preview: ImportResultDto['preview'] = [
      {
        row: 2,
        outcome: 'new',
        // As a decision is stored.
        values: {
          decision_ref: 'R1-O-1',
          uln: '3000000118',
          apprentice: 'Zoë Brontë',
          standard: 'ST0071 v1.1',
          method: 'O',
          attempt: '1',
          assessor: 'IA001',
          assessment_date: '2026-02-02',
          grade: 'Pass',
          duration_minutes: '60',
        },
        notes: [],
      },
      {
        row: 3,
        outcome: 'rejected',
        // As the file gave it: the template's columns.
        values: {
          decision_ref: 'R1-WBP-1',
          uln: '3000000118',
          given_name: 'Zoë',
          family_name: 'Brontë',
          employer: 'Café Royal',
          provider_ukprn: '10012345',
          standard_code: 'ST0071',
          standard_version: '1.1',
          method: 'WBP',
          attempt: '1',
          assessor_ref: 'IA001',
          assessment_date: '2026-02-16',
          grade: 'Merit',
        },
        notes: ["Rejected (grade): 'Merit' is not a grade of ST0071 v1.1"],
      },
    ];
    render(<FirstRows result={{ ...result('preview'), preview }} />);
    const table = screen.getByTestId('import-first-rows');
    const heads = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(heads).toEqual([
      'Row',
      'Outcome',
      'Decision ref',
      'ULN',
      'Apprentice',
      'Standard',
      'Method',
      'Attempt',
      'Assessor',
      'Date',
      'Grade',
    ]);
    const rejected = within(table).getAllByRole('row')[2] as HTMLElement;
    expect(
      within(rejected)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([
      '3',
      'Rejected',
      'R1-WBP-1',
      '3000000118',
      'Zoë Brontë',
      'ST0071 v1.1',
      'WBP',
      '1',
      'IA001',
      '2026-02-16',
      'Merit',
    ]);
  });

  it('name the columns of a file whose every row is rejected as a decision is shown', () => {
    const preview: ImportResultDto['preview'] = [
      {
        row: 2,
        outcome: 'rejected',
        values: {
          decision_ref: 'R1-O-1',
          uln: '1000000042',
          given_name: 'Zoë',
          family_name: 'Brontë',
          employer: 'Café Royal',
          provider_ukprn: '10012345',
          provider_name: 'Leeds College',
          standard_code: 'ST0071',
          standard_version: '1.1',
          method: 'O',
          assessor_ref: 'IA001',
          assessment_date: '2026-02-02',
          grade: 'Pass',
        },
        notes: ['Rejected (uln): ULN check digit does not match (expected 3)'],
      },
    ];
    render(<FirstRows result={{ ...result('preview'), preview }} />);
    const heads = within(screen.getByTestId('import-first-rows'))
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(heads.slice(2, 7)).toEqual(['Decision ref', 'ULN', 'Apprentice', 'Standard', 'Method']);
    expect(heads).not.toContain('Provider ukprn');
  });
});

describe('the first rows of a standardisation preview', () => {
  it('say whether each assessor attended as the template asks it, yes or no, not as stored', () => {
    const row = (n: number, outcome: 'new' | 'rejected', attended: string) => ({
      row: n,
      outcome,
      values: {
        event_date: '2026-03-02',
        event_title: 'ST0071 spring standardisation',
        assessor_ref: `IA00${n}`,
        attended,
      },
      notes: [],
    });
    const preview: ImportResultDto['preview'] = [
      row(2, 'new', 'attended'),
      row(3, 'new', 'absent'),
      row(4, 'new', 'apologies'),
      // Rejected, so as the file gave it: the user looks for what they typed.
      row(5, 'rejected', 'maybe'),
    ];
    render(
      <FirstRows
        result={{ ...result('preview'), kind: 'standardisation', preview, headings: {} }}
      />,
    );
    const table = screen.getByTestId('import-first-rows');
    const heads = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(heads.at(-1)).toBe('Attended');
    const attended = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell').at(-1)?.textContent);
    expect(attended).toEqual(['Yes', 'No', 'No (apologies)', 'maybe']);
  });
});

describe("a mapped file's problems", () => {
  it("name the file's own heading, with the template's column, only where the import read it", () => {
    render(
      <Problems
        onDownload={() => undefined}
        result={{
          ...result('preview'),
          warningCount: 1,
          problems: [
            {
              row: 1,
              column: 'grade',
              value: '',
              severity: 'warning',
              message: '"grade" is not a column of the decisions template, so it was ignored',
            },
            ...result('preview').problems,
          ],
        }}
      />,
    );
    const columns = screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.querySelectorAll('td')[1]?.textContent);
    // The file's "grade" heading is not the Mark column that the import read grades from.
    expect(columns).toEqual(['grade', 'Learner ULN (uln)']);
  });
});

describe('decisions a re-import sends back to IQA', () => {
  it('says where each one is now, linking to its moderation', () => {
    const entry = {
      uln: '1000000043',
      method: 'O',
      before: 'Pass',
      after: 'Distinction',
      previousStatus: 'released',
    };
    render(
      <HeldAgain
        committed
        result={{
          ...result('commit'),
          heldAgainCount: 2,
          heldAgain: [
            { ...entry, row: 2, decisionId: 7, decisionRef: 'R1-O-1', moderated: true, planId: 3 },
            {
              ...entry,
              row: 3,
              decisionId: 8,
              decisionRef: 'R2-O-1',
              moderated: false,
              planId: null,
            },
          ],
        }}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Back with IQA: 2 decisions' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'To moderate (plan 3)' }).getAttribute('href')).toBe(
      '#/moderation?decision=7',
    );
    expect(screen.getByText('On hold until a plan samples it')).toBeTruthy();
  });
});

describe('saved mappings', () => {
  it('says what they are for when there are none', async () => {
    installFakeApi({ 'imports:list-mappings': [] });
    render(<MappingsHarness canEdit />);
    expect((await screen.findByTestId('mappings-empty')).textContent).toContain(
      'No saved mappings',
    );
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('deletes one only once confirmed, and says so', async () => {
    let list = [savedMapping(1, 'EPA Pro'), savedMapping(2, 'Training log')];
    const invoke = installFakeApi({
      'imports:list-mappings': () => ({ ok: true, value: list }),
      'imports:delete-mapping': (input) => {
        list = list.filter((m) => m.id !== (input as { id: number }).id);
        return { ok: true, value: { deleted: true } };
      },
    });
    render(<MappingsHarness canEdit />);
    const table = await screen.findByTestId('mappings-table');
    expect(table.textContent).toContain('Assessor decisions');
    expect(table.textContent).toContain('Learner ULN, Standard, Component and 3 more');
    expect(table.textContent).toContain('When, Event, Who, Came?');

    // Escape (or Cancel) leaves it alone.
    const remove = screen.getByRole('button', { name: 'Delete the saved mapping “EPA Pro”' });
    fireEvent.click(remove);
    const dialog = screen.getByRole('dialog', { name: 'Delete the saved mapping “EPA Pro”?' });
    expect(dialog.textContent).toContain(
      'Files with these columns will no longer be matched up automatically',
    );
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(invoke).not.toHaveBeenCalledWith('imports:delete-mapping', expect.anything());

    fireEvent.click(remove);
    const confirm = screen.getByRole('button', { name: 'Delete mapping' });
    // Something destructive: Enter straight away must not do it, so Cancel has the focus.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.submit(confirm.closest('form') as HTMLFormElement);
    expect((await screen.findByRole('status')).textContent).toBe(
      'Deleted the saved mapping “EPA Pro”.',
    );
    expect(invoke).toHaveBeenCalledWith('imports:delete-mapping', { id: 1 });
    await waitFor(() => expect(screen.queryByText('EPA Pro')).toBeNull());
    expect(screen.getByText('Training log')).toBeTruthy();
    expect(window.__e2e?.events).toContain('mapping-deleted');
  });

  it('says why a deletion failed, and offers no Delete to someone who may only read', async () => {
    installFakeApi({
      'imports:list-mappings': [savedMapping(2, 'Training log')],
      'imports:delete-mapping': () => ({
        ok: false,
        error: {
          kind: 'not_found',
          message:
            'That saved mapping no longer exists; it may have been deleted in another window.',
        },
      }),
    });
    const first = render(<MappingsHarness canEdit />);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Delete the saved mapping “Training log”' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Delete mapping' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Could not delete “Training log”: That saved mapping no longer exists',
    );
    first.unmount();

    render(<MappingsHarness canEdit={false} />);
    expect(await screen.findByText('Training log')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Delete/ })).toBeNull();
  });
});

describe('imported moderation history', () => {
  it('shows a grade change without an outcome as not recorded, and agreement as agreed', () => {
    const record: ModerationRecordDto = {
      id: 1,
      moderatorName: 'Ruth Patel',
      moderationDate: '2026-03-11',
      activity: 'live_observation',
      originalGrade: 'Pass',
      moderatedGrade: 'Distinction',
      outcome: null,
      feedback: null,
      source: 'import',
      superseded: null,
      criteria: [],
      actions: [],
      escalation: null,
    };
    render(
      <RecordHistory
        records={[record, { ...record, id: 2, moderatedGrade: 'Pass', outcome: 'agreed' }]}
        decisionRef="R1-WBP-1"
        canEdit={false}
        onChange={() => undefined}
      />,
    );
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Outcome not recorded (imported) · Pass → Distinction',
      'Agreed · Pass',
    ]);
  });

  it('marks a record a later grade change set aside', () => {
    render(
      <RecordHistory
        records={[
          {
            id: 3,
            moderatorName: 'Ruth Patel',
            moderationDate: '2026-03-11',
            activity: 'documentation_review',
            originalGrade: 'Pass',
            moderatedGrade: 'Pass',
            outcome: 'agreed',
            feedback: null,
            source: 'app',
            superseded: {
              at: '2026-04-02T09:00:00.000Z',
              reason: 'grade changed from Pass to Distinction by import batch 5 (d.csv, row 2)',
            },
            criteria: [],
            actions: [],
            escalation: null,
          },
        ]}
        decisionRef="R1-WBP-1"
        canEdit={false}
        onChange={() => undefined}
      />,
    );
    expect(screen.getByTestId('record-superseded').textContent).toBe(
      'Set aside 2 Apr 2026: grade changed from Pass to Distinction by import batch 5 (d.csv, row 2). This record is kept as history; the decision is moderated again at its new grade.',
    );
  });

  it('says a record older than a later moderation changes no grade', () => {
    render(
      <RecordHistory
        records={[
          {
            id: 4,
            moderatorName: 'Jordan Ellis',
            moderationDate: '2026-09-25',
            activity: 'documentation_review',
            originalGrade: 'Fail',
            moderatedGrade: 'Pass',
            outcome: null,
            feedback: null,
            source: 'import',
            superseded: {
              at: '2026-11-20T10:00:00.000Z',
              reason:
                'older than the moderation of 8 October 2026 (record 3), which it does not override',
              laterRecordId: 3,
            },
            criteria: [],
            actions: [],
            escalation: null,
          },
        ]}
        decisionRef="R1-O-1"
        canEdit={false}
        onChange={() => undefined}
      />,
    );
    expect(screen.getByTestId('record-superseded').textContent).toBe(
      'Set aside 20 Nov 2026: older than the moderation of 8 October 2026 (record 3), which it does not override. This record is kept as history; it does not change the grade.',
    );
  });
});
