/**
 * The one typed contract between the UI and the core. Every adapter (Electron IPC, loopback
 * HTTP, CLI) serves exactly these channels; main validates every input with these schemas.
 * Each domain owns its slice; channel names are `domain:verb-noun`.
 */
import type { z } from 'zod';
import { appContract } from './app';
import { assessorsContract } from './assessors';
import { auditContract } from './audit';
import { dashboardContract } from './dashboard';
import { decisionsContract } from './decisions';
import { importsContract } from './imports';
import { standardsContract } from './standards';
import { samplingContract } from './sampling';
import { moderationContract } from './moderation';
import { epasContract } from './epas';
import { appealsContract } from './appeals';
import { attachmentsContract } from './attachments';
import { standardisationContract } from './standardisation';
import { analyticsContract } from './analytics';

export const contract = {
  ...appContract,
  ...dashboardContract,
  ...decisionsContract,
  ...assessorsContract,
  ...standardsContract,
  ...importsContract,
  ...auditContract,
  ...samplingContract,
  ...moderationContract,
  ...epasContract,
  ...appealsContract,
  ...attachmentsContract,
  ...standardisationContract,
  ...analyticsContract,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;

export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}

export * from './envelope';
export * from './app';
export * from './assessors';
export * from './audit';
export * from './dashboard';
export * from './decisions';
export * from './imports';
export * from './standards';
export * from './common';
export * from './sampling';
export * from './moderation';
export * from './epas';
export * from './appeals';
export * from './attachments';
export * from './standardisation';
export * from './analytics';
