/**
 * The renderer's only door to the core. It alone knows whether we run inside Electron (the
 * preload's `window.api`) or in a browser against the loopback server (`POST /api/<channel>`);
 * everything else calls `call()` and gets a value or an `ApiError`.
 */
import type {
  ApiErrorDto,
  ApiResult,
  Channel,
  ErrorKind,
  InputOf,
  OutputOf,
} from '@shared/contract';

export class ApiError extends Error {
  readonly kind: ErrorKind;
  readonly issues: ApiErrorDto['issues'];

  constructor(error: ApiErrorDto) {
    super(error.message);
    this.name = 'ApiError';
    this.kind = error.kind;
    this.issues = error.issues;
  }
}

function isEnvelope(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error === 'object' && v.error !== null;
}

async function overFetch(channel: Channel, input: unknown): Promise<unknown> {
  let response: Response;
  try {
    // The channel goes in unencoded: the server matches `domain:verb` literally in the path.
    response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
  } catch (error) {
    throw new ApiError({
      kind: 'unavailable',
      message: `IQA Desk could not be reached: ${(error as Error).message}`,
    });
  }
  // Refusals (403, 405, 400) still carry an envelope, so read the body whatever the status.
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError({
      kind: 'unavailable',
      message: `IQA Desk answered ${response.status} without data: ${text.slice(0, 200)}`,
    });
  }
}

async function transport(channel: Channel, input: unknown): Promise<unknown> {
  const bridge = typeof window === 'undefined' ? undefined : window.api;
  if (bridge) {
    try {
      return await bridge.invoke(channel, input ?? {});
    } catch (error) {
      throw new ApiError({ kind: 'internal', message: (error as Error).message });
    }
  }
  return overFetch(channel, input);
}

export async function call<C extends Channel>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const result = await transport(channel, input);
  if (!isEnvelope(result)) {
    throw new ApiError({ kind: 'internal', message: `Unexpected answer to ${channel}.` });
  }
  if (!result.ok) throw new ApiError(result.error);
  return result.value as OutputOf<C>;
}

/** The words to show for anything thrown, whether an ApiError or a bug in the renderer. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
