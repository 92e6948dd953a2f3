import type { ErrorKind } from '@shared/contract';

/** A refusal or failure the user should read; `kind` tells the UI how to present it. */
export class DomainError extends Error {
  constructor(
    readonly kind: Exclude<ErrorKind, 'internal'>,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
