import { contract, isChannel, type ApiResult, type Channel } from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { handlers } from './handlers';
import type { Handler } from './types';

/**
 * The single entry point every adapter calls. It accepts only known channels, validates the
 * payload against the contract, and answers with an envelope instead of throwing, so a bad
 * request never reaches a service and a service's refusal reaches the user as words.
 */
export async function dispatch(
  ctx: AppContext,
  channel: unknown,
  payload: unknown,
): Promise<ApiResult<unknown>> {
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: { kind: 'validation', message: `Unknown request "${String(channel)}".` },
    };
  }
  const spec = contract[channel];
  const parsed = spec.input.safeParse(payload ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        kind: 'validation',
        message: parsed.error.issues.map((i) => i.message).join('; '),
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    };
  }
  try {
    const handler = handlers[channel] as Handler<Channel>;
    const value = await handler(ctx, parsed.data as never);
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      console.error(`Response for ${channel} broke the contract`, checked.error.issues.slice(0, 5));
      return {
        ok: false,
        error: { kind: 'internal', message: `The app produced an invalid answer to ${channel}.` },
      };
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    if (error instanceof DomainError) {
      return { ok: false, error: { kind: error.kind, message: error.message } };
    }
    console.error(`Request ${channel} failed`, error);
    return {
      ok: false,
      error: { kind: 'internal', message: `Something went wrong: ${(error as Error).message}` },
    };
  }
}
