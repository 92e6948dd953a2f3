import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type {
  ImportFileInfoDto,
  ImportJobDto,
  ImportMappingDto,
  ImportResultDto,
  ImportRunningJobDto,
} from '@shared/contract';
import {
  IMPORT_KINDS,
  IMPORT_TEMPLATES,
  mappingProblems,
  type ColumnMapping,
  type ImportKind,
} from '@shared/imports';
import { ApiError, call, messageOf } from '../api/client';
import { downloadBase64 } from '../appeals/util';
import { Alert } from '../components/Alert';
import { useConfirm } from '../components/Dialog';
import { emit } from '../e2e';
import { plural } from '@shared/labels';
import { formatNumber } from '../format';
import { MappingStep, describeFile } from './MappingStep';
import { ProgressPanel, UploadPanel } from './ProgressPanel';
import { Counts, FirstRows, HeldAgain, PreviousImports, Problems } from './ResultView';
import { uploadFile } from './upload';
import { useImportJob } from './useImportJob';

type Step =
  | { name: 'choose' }
  | { name: 'uploading'; fileName: string; sent: number; total: number }
  /**
   * `again`: a file already read, read again under the kind and sheet chosen (quick, not
   * cancelled); its columns stay on screen meanwhile, the choice shown in its selects.
   */
  | { name: 'inspecting'; fileName: string; again?: Rereading }
  | { name: 'mapping' }
  | { name: 'running'; mode: 'preview' | 'commit' }
  | { name: 'preview'; result: ImportResultDto; jobId: string }
  | { name: 'done'; result: ImportResultDto; jobId: string };

interface Rereading {
  kind: ImportKind;
  sheet: string | null;
}

/** The kind and sheet a file is being read again under, if it is. */
function rereading(step: Step): Rereading | null {
  return step.name === 'inspecting' ? (step.again ?? null) : null;
}

const sameMapping = (a: ColumnMapping, b: ColumnMapping): boolean =>
  Object.keys({ ...a, ...b }).every((k) => (a[k] ?? null) === (b[k] ?? null));

interface Memory {
  step: Step;
  kind: ImportKind;
  info: ImportFileInfoDto | null;
  mapping: ColumnMapping;
  allOrNothing: boolean;
  jobId: string | null;
}

const FRESH: Memory = {
  step: { name: 'choose' },
  kind: 'decisions',
  info: null,
  mapping: {},
  allOrNothing: false,
  jobId: null,
};

// The wizard outlives a visit to another page: an import keeps running in the worker, and coming
// back shows its progress (or its result) rather than a blank form.
let memory: Memory = FRESH;

interface Restored {
  jobId: string;
  info: ImportFileInfoDto;
  mapping: ColumnMapping;
}
let restored: Restored | null = null;
let onRestored: ((r: Restored) => void) | null = null;

/**
 * Reads again the file of an import found running after a reload, so that its preview can be
 * confirmed or its columns changed afterwards, as if the page had never been reloaded.
 */
async function restoreFile(jobId: string, request: ImportRunningJobDto['request']): Promise<void> {
  try {
    const again = await call('imports:inspect', {
      uploadId: request.uploadId,
      kind: request.kind,
      ...(request.sheet ? { sheet: request.sheet } : {}),
    });
    const mapping = request.mapping ?? again.mapping;
    // Imported under a saved mapping: it stays named, as it was when the import started.
    const info = request.mappingName
      ? { ...again, savedMapping: request.mappingName, mapping }
      : again;
    restored = { jobId, info, mapping };
    onRestored?.(restored);
    emit('import-restored');
  } catch {
    // A committed import's file is gone once it finishes; its result needs no file.
  }
}

/**
 * The file being sent and then read for its columns. Like a running import, it outlives a visit
 * to another page: it goes on sending, its progress and outcome are kept in `memory` while the
 * page is away, and coming back shows it still sending, or at its columns.
 */
interface Sending {
  fileName: string;
  signal: { cancelled: boolean };
}
let sending: Sending | null = null;

/** How far a file being sent has gone, or how it ended. */
type SendNews =
  | { step: Extract<Step, { name: 'uploading' | 'inspecting' }> }
  | { read: ImportFileInfoDto }
  | { failed: string };
/** The wizard on screen, told each piece of news; null while the page is away. */
let onSendNews: ((news: SendNews) => void) | null = null;
/** Why a file sent while the page was away could not be read: said when the page is back. */
let sendFailure: string | null = null;

function tell(news: SendNews): void {
  if (onSendNews) {
    onSendNews(news);
    return;
  }
  if ('step' in news) memory = { ...memory, step: news.step };
  else if ('read' in news) {
    const info = news.read;
    memory = { ...memory, step: { name: 'mapping' }, kind: info.kind, info, mapping: info.mapping };
    emit('import-inspected');
  } else {
    memory = { ...memory, step: { name: 'choose' } };
    sendFailure = news.failed;
  }
}

/** Sends a chosen file in parts and reads its columns; Cancel (stopSending) ends it quietly. */
async function sendFile(file: File, kind: ImportKind): Promise<void> {
  const mine: Sending = { fileName: file.name, signal: { cancelled: false } };
  const { signal } = mine;
  sending = mine;
  const say = (news: SendNews): void => {
    if (!signal.cancelled) tell(news);
  };
  say({ step: { name: 'uploading', fileName: file.name, sent: 0, total: file.size } });
  try {
    const uploadId = await uploadFile(
      file,
      (sent, total) => say({ step: { name: 'uploading', fileName: file.name, sent, total } }),
      signal,
    );
    say({ step: { name: 'inspecting', fileName: file.name } });
    if (signal.cancelled) return;
    const found = await call('imports:inspect', { uploadId, kind });
    if (sending === mine) sending = null;
    say({ read: found });
  } catch (err) {
    if (sending === mine) sending = null;
    const message = messageOf(err);
    // Most reasons already name the file ("photo.csv is not a CSV…"); say it once.
    say({ failed: message.includes(file.name) ? message : `${file.name}: ${message}` });
  }
}

/** The part on its way lands; no other is sent, and what the file holds is never taken up. */
function stopSending(): void {
  if (sending) sending.signal.cancelled = true;
  sending = null;
}

/** Forgets a wizard left mid-way (tests, sign-out). */
export function resetImportWizard(): void {
  stopSending();
  sendFailure = null;
  memory = FRESH;
  restored = null;
}

/** Choose a file, map its columns, preview, confirm: nothing is written before the last step. */
export function ImportWizard(props: {
  onImported: () => void;
  /** A mapping was saved, so lists of them are out of date. */
  onMappingSaved?: () => void;
}): ReactNode {
  const [step, setStep] = useState<Step>(
    // Sending or reading a file that is no longer on its way (the page was reloaded, say).
    (memory.step.name === 'uploading' || memory.step.name === 'inspecting') && !sending
      ? { name: 'choose' }
      : memory.step,
  );
  const [kind, setKind] = useState<ImportKind>(memory.kind);
  const [info, setInfo] = useState<ImportFileInfoDto | null>(memory.info);
  const [mapping, setMapping] = useState<ColumnMapping>(memory.mapping);
  const [allOrNothing, setAllOrNothing] = useState(memory.allOrNothing);
  const [saveAs, setSaveAs] = useState<string | null>(null);
  // A file sent while the page was away may have failed to be read: that is said on return.
  const [error, setError] = useState<string | null>(sendFailure);
  const [notice, setNotice] = useState<string | null>(null);
  // A preview or import being started (a mapping saved, the job asked for): its button is
  // inactive until the job runs, and a second click, even one that lands before React has drawn
  // the button inactive (a double-click), is turned away by the ref.
  const [starting, setStarting] = useState(false);
  const startingRef = useRef(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const { ask, dialog } = useConfirm();
  // The preview's or result's heading: where the user is taken when the check or import ends
  // (the button that started it may have been far down a long mapping).
  const outcomeHeading = useRef<HTMLHeadingElement>(null);
  // The mapping step's first line: where the keyboard goes once a file is read, or an import is
  // cancelled (the file input it came from is disabled by then, which drops the focus).
  const mappingStart = useRef<HTMLParagraphElement>(null);
  // The heading of a file being sent: where the keyboard goes when sending starts (the file input
  // is disabled then), one Tab before its Cancel.
  const uploadHeading = useRef<HTMLHeadingElement>(null);
  // The heading of a check or import under way: where the keyboard goes when it starts (the
  // button that started it is gone by then, which would drop the focus to the page).
  const progressHeading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  // Whether the step the focus effect last saw was a file being read again.
  const wasRereading = useRef(false);
  // The latest reading of the file under another kind or sheet: an answer to an earlier one (an
  // arrow key pressed twice on Worksheet), or one come after Start again, is not taken.
  const readingAgain = useRef(0);
  const jobRef = useRef<string | null>(memory.jobId);
  const infoRef = useRef<ImportFileInfoDto | null>(memory.info);
  useEffect(() => {
    infoRef.current = info;
  });

  const job = useImportJob((settled: ImportJobDto) => {
    const jobId = jobRef.current ?? '';
    setNotice(null);
    if (settled.state === 'done' && settled.result) {
      if (settled.mode === 'preview') {
        setStep({ name: 'preview', result: settled.result, jobId });
        emit('import-preview-ready');
      } else {
        setStep({ name: 'done', result: settled.result, jobId });
        props.onImported();
        emit(settled.result.committed ? 'import-committed' : 'import-not-committed');
      }
    } else {
      setStep(info ? { name: 'mapping' } : { name: 'choose' });
      if (settled.state === 'cancelled') {
        setNotice('Cancelled. Nothing was written.');
        emit('import-cancelled');
      } else setError(settled.error ?? 'The import stopped.');
    }
  });

  useEffect(() => {
    memory = { step, kind, info, mapping, allOrNothing, jobId: jobRef.current };
  });
  const rereadingNow = rereading(step) !== null;
  useEffect(() => {
    const heading = outcomeHeading.current;
    const arrived = firstRender.current;
    firstRender.current = false;
    const again = rereadingNow || wasRereading.current;
    wasRereading.current = rereadingNow;
    if (again) {
      // A kind or sheet chosen (an arrow key on a closed select chooses at once): the keyboard
      // stays on that select, on screen throughout, for the next press. Only if what had the
      // focus went away ("Import it as that") is it given to the top of the columns.
      if (!document.activeElement || document.activeElement === document.body)
        mappingStart.current?.focus();
      return;
    }
    if (!heading) {
      // Coming back to the page leaves the focus where the navigation put it.
      if (!arrived)
        (
          progressHeading.current ??
          uploadHeading.current ??
          mappingStart.current ??
          fileInput.current
        )?.focus();
      return;
    }
    heading.focus({ preventScroll: true });
    // Optional only because jsdom, which the component tests run in, has no scrolling.
    heading.scrollIntoView?.({ block: 'start' });
  }, [step.name, rereadingNow]);
  const { follow } = job;
  useEffect(() => {
    // Back on the page while an import runs: follow it again.
    if (memory.step.name === 'running' && memory.jobId) {
      follow(memory.jobId);
      return;
    }
    // After a reload (or in a window opened afresh) the page remembers nothing, but the import
    // runs on in the main process: ask for it, show its progress, and get its file back.
    let live = true;
    void (async () => {
      let running: ImportRunningJobDto | null;
      try {
        running = await call('imports:running-job', {});
      } catch (err) {
        if (live) setError(`Could not check for an import already running: ${messageOf(err)}`);
        return;
      }
      if (!live || !running) return;
      const { job: found, request } = running;
      jobRef.current = found.jobId;
      setKind(request.kind);
      setAllOrNothing(request.allOrNothing);
      setNotice(`An import of ${request.fileName} is running.`);
      setStep({ name: 'running', mode: found.mode });
      follow(found.jobId);
      void restoreFile(found.jobId, request);
    })();
    return () => {
      live = false;
    };
  }, [follow]);
  useEffect(() => {
    // The file read again for an import found running: taken up here even if it arrives after
    // a visit to another page, as long as it belongs to the job shown and nothing replaced it.
    const take = (r: Restored): void => {
      if (r.jobId !== jobRef.current || infoRef.current) return;
      infoRef.current = r.info;
      setInfo(r.info);
      setMapping(r.mapping);
    };
    onRestored = take;
    if (restored) take(restored);
    return () => {
      if (onRestored === take) onRestored = null;
    };
  }, []);

  /** A file read: on to its columns. */
  function took(found: ImportFileInfoDto): void {
    setInfo(found);
    setKind(found.kind);
    setMapping(found.mapping);
    setSaveAs(null);
    setStep({ name: 'mapping' });
    emit('import-inspected');
  }

  // The file being sent tells this wizard how it goes, from the moment it is on screen: a layout
  // effect, so that no news falls between showing what `memory` held and listening.
  useLayoutEffect(() => {
    const take = (news: SendNews): void => {
      if ('step' in news) setStep(news.step);
      else if ('read' in news) took(news.read);
      else {
        setError(news.failed);
        setStep({ name: 'choose' });
        // A browser fires no change for the file already chosen: without this, the same file,
        // corrected and chosen again, would do nothing.
        if (fileInput.current) fileInput.current.value = '';
      }
    };
    onSendNews = take;
    return () => {
      if (onSendNews === take) onSendNews = null;
    };
  });
  useEffect(() => {
    // Said once, by the error this wizard started with.
    sendFailure = null;
  }, []);

  function chooseFile(file: File | undefined): void {
    if (!file) return;
    setError(null);
    setNotice(null);
    void sendFile(file, kind);
  }

  /**
   * Stops the file being sent (the part on its way lands, the rest is never sent) or, once sent,
   * forgets it while it is read: either way nothing is imported, and another file can be chosen.
   */
  function cancelSending(): void {
    if (step.name !== 'uploading' && (step.name !== 'inspecting' || step.again)) return;
    stopSending();
    setNotice(
      `${step.name === 'uploading' ? 'Sending' : 'Reading'} ${step.fileName} was cancelled; nothing was imported.`,
    );
    setStep({ name: 'choose' });
    if (fileInput.current) fileInput.current.value = '';
    emit('upload-cancelled');
  }

  async function reinspect(options: { kind?: ImportKind; sheet?: string }): Promise<void> {
    if (!info) return;
    // A second choice while the first is read builds on it: kind from one select, sheet from the other.
    const before = rereading(step) ?? { kind, sheet: info.sheet };
    const choice = { kind: options.kind ?? before.kind, sheet: options.sheet ?? before.sheet };
    const mine = ++readingAgain.current;
    setError(null);
    setStep({ name: 'inspecting', fileName: info.fileName, again: choice });
    try {
      const found = await call('imports:inspect', {
        uploadId: info.uploadId,
        kind: choice.kind,
        ...(choice.sheet === null ? {} : { sheet: choice.sheet }),
      });
      if (mine === readingAgain.current) took(found);
    } catch (err) {
      if (mine !== readingAgain.current) return;
      setError(messageOf(err));
      setStep({ name: 'mapping' });
    }
  }

  async function start(mode: 'preview' | 'commit'): Promise<void> {
    if (startingRef.current) return;
    if (!info) {
      setError('The file of this import is no longer available; choose it again.');
      return;
    }
    startingRef.current = true;
    setStarting(true);
    setError(null);
    setNotice(null);
    try {
      let mappingName =
        info.savedMapping && sameMapping(mapping, info.mapping) ? info.savedMapping : undefined;
      if (mode === 'preview' && saveAs !== null) {
        const saved = await saveMapping(saveAs);
        if (!saved) return;
        mappingName = saved.name;
        setInfo({ ...info, savedMapping: saved.name, mapping });
        setSaveAs(null);
        props.onMappingSaved?.();
      }
      const { jobId } = await call('imports:start', {
        uploadId: info.uploadId,
        kind,
        mode,
        allOrNothing,
        mapping,
        ...(info.sheet ? { sheet: info.sheet } : {}),
        ...(mappingName ? { mappingName } : {}),
      });
      jobRef.current = jobId;
      setStep({ name: 'running', mode });
      job.follow(jobId);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      startingRef.current = false;
      setStarting(false);
    }
  }

  /**
   * Saves the mapping under `name`. A mapping of this template saved under that name already is
   * replaced only after asking (the service refuses it as a conflict until told to replace it);
   * null when the user would rather choose another name. A name another template's mapping has
   * is refused outright, and that refusal is thrown for the page to show.
   */
  async function saveMapping(name: string): Promise<ImportMappingDto | null> {
    if (!info) return null;
    const input = { name, kind, headers: info.headers, mapping };
    try {
      return await call('imports:save-mapping', input);
    } catch (err) {
      if (!(err instanceof ApiError) || err.kind !== 'conflict') throw err;
      const replace = await ask({
        title: `Replace the saved mapping “${name.trim()}”?`,
        message: `${err.message} Imports already made with it are not affected.`,
        confirmLabel: 'Replace it',
      });
      if (!replace) {
        setNotice(
          'The mapping was not saved and nothing was checked: give it another name, or replace the saved one.',
        );
        return null;
      }
      return call('imports:save-mapping', { ...input, replace: true });
    }
  }

  async function downloadReport(jobId: string): Promise<void> {
    try {
      const file = await call('imports:report-csv', { jobId });
      downloadBase64(file.fileName, file.base64, 'text/csv');
    } catch (err) {
      setError(messageOf(err));
    }
  }

  async function downloadTemplate(format: 'csv' | 'xlsx'): Promise<void> {
    try {
      const file = await call('imports:template', { kind, format });
      downloadBase64(
        file.fileName,
        file.base64,
        format === 'csv'
          ? 'text/csv'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    } catch (err) {
      setError(messageOf(err));
    }
  }

  function startAgain(): void {
    // A file still being read again is forgotten with it.
    readingAgain.current++;
    job.reset();
    jobRef.current = null;
    setInfo(null);
    setMapping({});
    setSaveAs(null);
    setError(null);
    setNotice(null);
    setStep({ name: 'choose' });
    if (fileInput.current) fileInput.current.value = '';
  }

  const reading = rereading(step);
  const problems = info ? mappingProblems(kind, mapping, info.headers) : [];
  const canSave =
    info !== null && !info.exact && !(info.savedMapping && sameMapping(mapping, info.mapping));

  return (
    <section
      className="panel import-wizard"
      aria-labelledby="import-title"
      data-testid="import-wizard"
    >
      <h2 id="import-title">Import a file</h2>
      {dialog}
      {error ? <Alert message={error} /> : null}
      {notice ? (
        <p className="import-notice" role="status">
          {notice}
        </p>
      ) : null}

      {step.name === 'choose' ||
      step.name === 'uploading' ||
      (step.name === 'inspecting' && !step.again) ? (
        <div className="import-choose">
          <fieldset className="import-kinds">
            <legend>What is in the file?</legend>
            {IMPORT_KINDS.map((k) => (
              <label key={k} className="import-kind">
                <input
                  type="radio"
                  name="import-kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                />
                <span>
                  <strong>{IMPORT_TEMPLATES[k].title}</strong>
                  <span className="muted small"> — {IMPORT_TEMPLATES[k].row}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="import-file">File (CSV or Excel .xlsx)</label>
            <p className="field-hint">
              Any export or spreadsheet: you can match its columns to the template next. Dates as
              14/03/2026 or 2026-03-14.
            </p>
            <input
              id="import-file"
              ref={fileInput}
              type="file"
              accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={step.name !== 'choose'}
              onChange={(e) => chooseFile(e.target.files?.[0])}
            />
          </div>
          <p className="small">
            The {IMPORT_TEMPLATES[kind].title.toLowerCase()} template:{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => void downloadTemplate('csv')}
            >
              CSV
            </button>{' '}
            ·{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => void downloadTemplate('xlsx')}
            >
              Excel
            </button>
          </p>
          {step.name === 'uploading' || step.name === 'inspecting' ? (
            // One panel for both, so the keyboard stays on its Cancel when sending turns to reading.
            <UploadPanel
              fileName={step.fileName}
              sent={step.name === 'uploading' ? { done: step.sent, total: step.total } : null}
              onCancel={cancelSending}
              headingRef={uploadHeading}
            />
          ) : null}
        </div>
      ) : null}

      {(step.name === 'mapping' || reading) && info ? (
        <div className="import-mapping-step">
          <p ref={mappingStart} tabIndex={-1}>
            <strong>{info.fileName}</strong>: {describeFile(info)}.{' '}
            <button type="button" className="link-button" onClick={startAgain}>
              Choose another file
            </button>
          </p>
          <PreviousImports result={info} />
          <div className="inline-form">
            <div className="field">
              <label htmlFor="import-kind-select">Import as</label>
              <select
                id="import-kind-select"
                value={reading?.kind ?? kind}
                onChange={(e) => void reinspect({ kind: e.target.value as ImportKind })}
              >
                {IMPORT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {IMPORT_TEMPLATES[k].title}
                  </option>
                ))}
              </select>
            </div>
            {info.sheets.length > 1 ? (
              <div className="field">
                <label htmlFor="import-sheet">Worksheet</label>
                <select
                  id="import-sheet"
                  value={(reading ? reading.sheet : info.sheet) ?? ''}
                  onChange={(e) => void reinspect({ sheet: e.target.value })}
                >
                  {info.sheets.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
              </div>
            ) : null}
          </div>
          {reading ? (
            // The columns wait for the file read again: what they show would be the old reading.
            <p role="status">Reading {info.fileName}…</p>
          ) : (
            <>
              {info.suggestedKind && info.suggestedKind !== kind && !info.savedMapping ? (
                <p className="import-notice">
                  This looks like{' '}
                  {articled(IMPORT_TEMPLATES[info.suggestedKind].title.toLowerCase())} file.{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void reinspect({ kind: info.suggestedKind ?? kind })}
                  >
                    Import it as that
                  </button>
                </p>
              ) : null}
              {info.sheets.length > 1 &&
              info.missingRequired.length > 0 &&
              !info.savedMapping &&
              (info.suggestedKind === null || info.suggestedKind === kind) ? (
                <p className="import-notice" data-testid="other-sheets">
                  The sheet “{info.sheet}” does not have the{' '}
                  {IMPORT_TEMPLATES[kind].title.toLowerCase()} columns. This workbook has{' '}
                  {info.sheets.length - 1} other sheet
                  {info.sheets.length === 2 ? '' : 's'}: choose the one to import under Worksheet.
                </p>
              ) : null}
              <h3>Columns</h3>
              <p data-testid="mapping-status">
                {info.exact
                  ? 'Every column matches the template.'
                  : info.savedMapping
                    ? `Using the saved mapping “${info.savedMapping}” for these columns. Check it below.`
                    : 'The columns do not all match the template. Choose which column holds each field; suggestions are filled in.'}
              </p>
              <MappingStep info={info} kind={kind} mapping={mapping} onChange={setMapping} />
              {canSave ? (
                <div className="save-mapping">
                  <label>
                    <input
                      type="checkbox"
                      checked={saveAs !== null}
                      onChange={(e) =>
                        setSaveAs(e.target.checked ? info.fileName.replace(/\.[^.]+$/, '') : null)
                      }
                    />
                    Save this mapping for files with these columns
                  </label>
                  {saveAs !== null ? (
                    <label>
                      as
                      <input
                        type="text"
                        aria-label="Mapping name"
                        value={saveAs}
                        onChange={(e) => setSaveAs(e.target.value)}
                        maxLength={100}
                      />
                    </label>
                  ) : null}
                </div>
              ) : null}
              <ModeChoice allOrNothing={allOrNothing} onChange={setAllOrNothing} />
              <div className="actions">
                <button
                  type="button"
                  className="button"
                  disabled={problems.length > 0 || (saveAs !== null && saveAs.trim() === '')}
                  // Not `disabled`: that would drop the keyboard's place, which the question about
                  // replacing a saved mapping hands back to this button when it closes.
                  aria-disabled={starting || undefined}
                  onClick={() => void start('preview')}
                >
                  Preview the import
                </button>
                <span className="muted small">Checks every row; nothing is written yet.</span>
              </div>
            </>
          )}
        </div>
      ) : null}

      {step.name === 'running' ? (
        <ProgressPanel
          title={step.mode === 'preview' ? 'Checking every row' : 'Importing'}
          job={job.job}
          onCancel={job.cancel}
          headingRef={progressHeading}
        />
      ) : null}
      {job.error ? <Alert message={job.error} /> : null}

      {step.name === 'preview' ? (
        <div className="import-preview" data-testid="import-preview">
          <h3 ref={outcomeHeading} tabIndex={-1}>
            Preview of {step.result.fileName}
          </h3>
          <p data-testid="import-message">{previewMessage(step.result, allOrNothing)}</p>
          <PreviousImports result={step.result} />
          <Counts result={step.result} />
          <HeldAgain result={step.result} committed={false} />
          {blockedByRejects(step.result) ? (
            // Checked under "Import nothing", with rows rejected: the valid rows can be chosen
            // here, without checking every row again (the choice only tells the import what to
            // do with the rows the check rejected).
            <ModeChoice allOrNothing={allOrNothing} onChange={setAllOrNothing} />
          ) : null}
          <div className="actions">
            <button
              type="button"
              className={
                changesNothing(step.result) || !wouldCommit(step.result, allOrNothing)
                  ? 'button secondary'
                  : 'button'
              }
              disabled={!wouldCommit(step.result, allOrNothing)}
              aria-disabled={starting || undefined}
              onClick={() => void start('commit')}
              data-testid="confirm-import"
            >
              {confirmLabel(step.result, allOrNothing)}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => setStep(info ? { name: 'mapping' } : { name: 'choose' })}
            >
              Back to the columns
            </button>
            <button type="button" className="link-button" onClick={startAgain}>
              Start again
            </button>
          </div>
          <Problems result={step.result} onDownload={() => void downloadReport(step.jobId)} />
          <FirstRows result={step.result} />
        </div>
      ) : null}

      {step.name === 'done' ? (
        <div className="import-done" data-testid="import-done">
          <h3 ref={outcomeHeading} tabIndex={-1}>
            {step.result.committed ? 'Imported' : 'Not imported'}: {step.result.fileName}
          </h3>
          <p
            className={step.result.committed ? 'success' : undefined}
            role="status"
            data-testid="import-message"
          >
            {step.result.message}
          </p>
          <Counts result={step.result} />
          <HeldAgain result={step.result} committed={step.result.committed} />
          <Problems result={step.result} onDownload={() => void downloadReport(step.jobId)} />
          <button type="button" className="button" onClick={startAgain}>
            Import another file
          </button>
        </div>
      ) : null}
    </section>
  );
}

/** "an assessors", "a decisions". */
function articled(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

/** A file whose every importable row is stored already: importing it only records the batch. */
function changesNothing(result: ImportResultDto): boolean {
  return result.counts.new + result.counts.changed === 0;
}

/** Whether "Import nothing" or "Import the valid rows" makes a difference: rows of both kinds. */
function choiceMatters(result: ImportResultDto): boolean {
  const c = result.counts;
  return c.rejected > 0 && c.new + c.changed + c.unchanged > 0;
}

/** Whether the preview can be imported under the choice made now. */
function wouldCommit(result: ImportResultDto, allOrNothing: boolean): boolean {
  // The preview's own answer, for the choice it was checked under (or when it makes no odds).
  if (allOrNothing === result.allOrNothing || !choiceMatters(result)) return result.wouldCommit;
  return !allOrNothing;
}

/** A preview checked under "Import nothing" that rows rejected would leave with nothing to import. */
function blockedByRejects(result: ImportResultDto): boolean {
  return result.allOrNothing && choiceMatters(result);
}

/** The preview's own words; or, with the other choice made since, what that choice would do. */
function previewMessage(result: ImportResultDto, allOrNothing: boolean): string {
  if (allOrNothing === result.allOrNothing || !choiceMatters(result)) return result.message;
  const c = result.counts;
  if (allOrNothing)
    return `Nothing would be imported: ${plural(c.rejected, 'row was', 'rows were')} rejected and you chose to import nothing if any row is rejected. Fix the rows in the report, or choose to import the valid rows.`;
  return `Nothing has been written yet. Importing the valid rows would give ${plural(c.new, 'new row')}, ${formatNumber(c.changed)} changed, ${formatNumber(c.unchanged)} unchanged; ${plural(c.rejected, 'rejected row')} would be left out (see the report).`;
}

/** The choice of what a rejected row does to the rest: asked with the columns, and in a blocked preview. */
function ModeChoice(props: {
  allOrNothing: boolean;
  onChange: (allOrNothing: boolean) => void;
}): ReactNode {
  return (
    <fieldset className="import-mode">
      <legend>If a row is rejected</legend>
      <label className="field checkbox">
        <input
          type="radio"
          name="import-mode"
          checked={!props.allOrNothing}
          onChange={() => props.onChange(false)}
        />{' '}
        Import the valid rows
      </label>
      <label className="field checkbox">
        <input
          type="radio"
          name="import-mode"
          checked={props.allOrNothing}
          onChange={() => props.onChange(true)}
        />{' '}
        Import nothing
      </label>
    </fieldset>
  );
}

function confirmLabel(result: ImportResultDto, allOrNothing: boolean): string {
  if (!wouldCommit(result, allOrNothing)) return 'Nothing to import';
  const c = result.counts;
  if (changesNothing(result) && c.unchanged > 0) return 'Record the import (nothing changes)';
  const rows = c.new + c.changed + c.unchanged;
  const held =
    result.heldAgainCount > 0 ? ` and send ${formatNumber(result.heldAgainCount)} back to IQA` : '';
  return `Import ${plural(rows, 'row')}${held}`;
}
