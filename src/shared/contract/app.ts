import { z } from 'zod';
import { Empty } from './common';

export const UserRole = z.enum(['iqa_lead', 'moderator', 'read_only']);
export type UserRole = z.infer<typeof UserRole>;

export const UserDto = z.object({
  id: z.number().int(),
  name: z.string(),
  role: UserRole,
  active: z.boolean(),
});
export type UserDto = z.infer<typeof UserDto>;

export const StatusDto = z.object({
  dbPath: z.string(),
  schemaVersion: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  firstRun: z.boolean(),
  needsOnboarding: z.boolean(),
  user: UserDto.nullable(),
  labels: z.record(z.string(), z.string()),
});
export type StatusDto = z.infer<typeof StatusDto>;

const PersonName = z
  .string()
  .trim()
  .min(2, 'Enter a name of at least 2 characters')
  .max(100, 'Names are at most 100 characters');

export const appContract = {
  'app:get-status': { input: Empty, output: StatusDto },
  'app:complete-onboarding': { input: Empty, output: z.object({ done: z.literal(true) }) },
  'users:list': { input: Empty, output: z.array(UserDto) },
  'users:create': {
    input: z.object({ name: PersonName, role: UserRole }).strict(),
    output: UserDto,
  },
  'session:sign-in': {
    input: z.object({ userId: z.number().int().positive() }).strict(),
    output: UserDto,
  },
  'session:sign-out': { input: Empty, output: z.object({ signedOut: z.literal(true) }) },
  'demo:load': {
    input: z
      .object({
        epas: z.number().int().min(1).max(1_000_000),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .optional(),
      })
      .strict(),
    output: z.object({
      epas: z.number().int(),
      decisions: z.number().int(),
      assessors: z.number().int(),
      apprentices: z.number().int(),
      employers: z.number().int(),
      providers: z.number().int(),
      flags: z.number().int(),
      plans: z.number().int(),
      moderations: z.number().int(),
      confirmed: z.number().int(),
      seconds: z.number(),
    }),
  },
} as const;
