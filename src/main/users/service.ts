import { asc, eq } from 'drizzle-orm';
import type { UserDto, UserRole } from '@shared/contract';
import type { AppContext } from '../core/context';
import { nameKey } from '@shared/imports';
import { DomainError } from '../core/errors';
import { writeAudit } from '../audit/audit';
import { users } from '../db/schema';

function toDto(row: typeof users.$inferSelect): UserDto {
  return { id: row.id, name: row.name, role: row.role, active: row.active };
}

export function listUsers(ctx: AppContext): UserDto[] {
  return ctx.db.select().from(users).orderBy(asc(users.name)).all().map(toDto);
}

export function getUser(ctx: AppContext, id: number): UserDto | null {
  const row = ctx.db.select().from(users).where(eq(users.id, id)).get();
  return row ? toDto(row) : null;
}

/** The active user with this name, as people type it (nameKey: capitals, spacing, accents). */
export function activeUserNamed(ctx: AppContext, name: string): number | undefined {
  return userNamed(ctx, name, ' AND active = 1');
}

/**
 * The user with this name, active or not, as people type it. SQL's lower() folds only ASCII
 * letters ("ZOË" is not "zoë" to it); the users are few.
 */
export function userNamed(ctx: AppContext, name: string, where = ''): number | undefined {
  const key = nameKey(name);
  const all = ctx.sqlite
    .prepare(`SELECT id, name FROM users WHERE 1${where} ORDER BY id`)
    .all() as {
    id: number;
    name: string;
  }[];
  return all.find((u) => nameKey(u.name) === key)?.id;
}

export function currentUser(ctx: AppContext): UserDto | null {
  return ctx.session.userId === null ? null : getUser(ctx, ctx.session.userId);
}

/**
 * The first user must be an IQA lead and is signed in at once; after that only a signed-in IQA
 * lead may add people.
 */
export function createUser(ctx: AppContext, input: { name: string; role: UserRole }): UserDto {
  const run = ctx.sqlite.transaction(() => {
    const existing = ctx.db.select({ id: users.id }).from(users).all();
    const isFirst = existing.length === 0;
    if (isFirst && input.role !== 'iqa_lead') {
      throw new DomainError('refused', 'The first person to use the app must be an IQA lead.');
    }
    if (!isFirst && currentUser(ctx)?.role !== 'iqa_lead') {
      throw new DomainError('forbidden', 'Only an IQA lead can add people.');
    }
    const clash = userNamed(ctx, input.name);
    if (clash !== undefined)
      throw new DomainError('conflict', `There is already someone called ${input.name}.`);
    const row = ctx.db
      .insert(users)
      .values({ name: input.name, role: input.role })
      .returning()
      .get();
    if (isFirst) ctx.session.userId = row.id;
    writeAudit(ctx, { action: 'user.create', entity: 'user', entityId: row.id, after: toDto(row) });
    return toDto(row);
  });
  return run.immediate();
}

export function signIn(ctx: AppContext, userId: number): UserDto {
  const user = getUser(ctx, userId);
  if (!user) throw new DomainError('not_found', 'That person is not in the list of users.');
  if (!user.active) throw new DomainError('refused', `${user.name} is no longer active.`);
  ctx.session.userId = user.id;
  return user;
}

export function signOut(ctx: AppContext): void {
  ctx.session.userId = null;
}

/** Throws unless someone is signed in whose role allows changes. */
export function requireEditor(ctx: AppContext): UserDto {
  const user = currentUser(ctx);
  if (!user) throw new DomainError('forbidden', 'Sign in first.');
  if (user.role === 'read_only') {
    throw new DomainError(
      'forbidden',
      `${user.name} has read-only access and cannot make changes.`,
    );
  }
  return user;
}

/** Throws unless the signed-in user is an IQA lead (plans, settings and people are theirs). */
export function requireLead(ctx: AppContext): UserDto {
  const user = requireEditor(ctx);
  if (user.role !== 'iqa_lead') {
    throw new DomainError(
      'forbidden',
      `Only an IQA lead can do this; ${user.name} is a moderator.`,
    );
  }
  return user;
}
