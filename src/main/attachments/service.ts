/**
 * Attachments on register and standardisation records: the rows that say what each stored file
 * is, whose it is, and who added it. Every change is audited against the owning record.
 */
import type { AttachmentDto, AttachmentOwner } from '@shared/contract';
import type { AppContext } from '../core/context';
import { DomainError } from '../core/errors';
import { currentActor, writeAudit } from '../audit/audit';
import { requireEditor } from '../users/service';
import { readStoredFile, storeFile } from './store';

export const ATTACHMENTS_FOLDER = 'attachments';

const OWNER_TABLES: Record<AttachmentOwner, { table: string; entity: string; what: string }> = {
  assessor: { table: 'assessors', entity: 'assessor', what: 'Assessor' },
  cpd: { table: 'assessor_cpd', entity: 'assessor_cpd', what: 'CPD entry' },
  event: { table: 'standardisation_events', entity: 'standardisation_event', what: 'Event' },
  exercise_item: {
    table: 'standardisation_exercise_items',
    entity: 'standardisation_exercise_item',
    what: 'Exercise item',
  },
};

const COLUMNS = `id, owner_type AS ownerType, owner_id AS ownerId, kind, file_name AS fileName,
  sha256, size_bytes AS sizeBytes, added_by AS addedBy, added_at AS addedAt`;

export function listAttachments(
  ctx: AppContext,
  ownerType: AttachmentOwner,
  ownerIds: readonly number[],
): AttachmentDto[] {
  if (ownerIds.length === 0) return [];
  return ctx.sqlite
    .prepare(
      `SELECT ${COLUMNS} FROM attachments
       WHERE owner_type = ? AND owner_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(ownerType, JSON.stringify(ownerIds)) as AttachmentDto[];
}

function requireOwner(ctx: AppContext, ownerType: AttachmentOwner, ownerId: number): void {
  const { table, what } = OWNER_TABLES[ownerType];
  const found = ctx.sqlite.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(ownerId);
  if (!found) throw new DomainError('not_found', `${what} ${ownerId} does not exist.`);
}

export function addAttachment(
  ctx: AppContext,
  input: {
    ownerType: AttachmentOwner;
    ownerId: number;
    kind: string;
    fileName: string;
    base64: string;
  },
): AttachmentDto {
  requireEditor(ctx);
  requireOwner(ctx, input.ownerType, input.ownerId);
  const stored = storeFile(ctx, {
    folder: ATTACHMENTS_FOLDER,
    subdir: `${input.ownerType}-${input.ownerId}`,
    fileName: input.fileName,
    base64: input.base64,
  });
  const id = ctx.sqlite
    .transaction(() => {
      const actor = currentActor(ctx);
      const row = ctx.sqlite
        .prepare(
          `INSERT INTO attachments (owner_type, owner_id, kind, file_name, stored_path, sha256, size_bytes, added_by, added_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.ownerType,
          input.ownerId,
          input.kind,
          input.fileName,
          stored.relative,
          stored.sha256,
          stored.sizeBytes,
          actor.name,
          ctx.clock().toISOString(),
        );
      writeAudit(
        ctx,
        {
          action: 'attachment.add',
          entity: OWNER_TABLES[input.ownerType].entity,
          entityId: input.ownerId,
          after: {
            kind: input.kind,
            fileName: input.fileName,
            sha256: stored.sha256,
            sizeBytes: stored.sizeBytes,
          },
        },
        actor,
      );
      return Number(row.lastInsertRowid);
    })
    .immediate();
  return getAttachment(ctx, id);
}

export function getAttachment(ctx: AppContext, attachmentId: number): AttachmentDto {
  const row = ctx.sqlite
    .prepare(`SELECT ${COLUMNS} FROM attachments WHERE id = ?`)
    .get(attachmentId) as AttachmentDto | undefined;
  if (!row) throw new DomainError('not_found', `Attachment ${attachmentId} does not exist.`);
  return row;
}

/** The file, checked against the sha256 recorded when it was attached. */
export function readAttachment(
  ctx: AppContext,
  attachmentId: number,
): { fileName: string; base64: string } {
  const row = ctx.sqlite
    .prepare(
      'SELECT file_name AS fileName, stored_path AS storedPath, sha256 FROM attachments WHERE id = ?',
    )
    .get(attachmentId) as { fileName: string; storedPath: string; sha256: string } | undefined;
  if (!row) throw new DomainError('not_found', `Attachment ${attachmentId} does not exist.`);
  const bytes = readStoredFile(ctx, {
    folder: ATTACHMENTS_FOLDER,
    relative: row.storedPath,
    sha256: row.sha256,
    fileName: row.fileName,
  });
  return { fileName: row.fileName, base64: bytes.toString('base64') };
}

/**
 * Removes the record of an attachment. The file stays in the folder: records are kept for six
 * years, and another record may hold the same content.
 */
export function removeAttachment(ctx: AppContext, attachmentId: number): { removed: true } {
  requireEditor(ctx);
  const before = getAttachment(ctx, attachmentId);
  ctx.sqlite
    .transaction(() => {
      ctx.sqlite.prepare('DELETE FROM attachments WHERE id = ?').run(attachmentId);
      writeAudit(ctx, {
        action: 'attachment.remove',
        entity: OWNER_TABLES[before.ownerType].entity,
        entityId: before.ownerId,
        before,
      });
    })
    .immediate();
  return { removed: true };
}

/** Inside the owner's delete: its attachment rows go with it (audited with the owner). */
export function deleteAttachmentsOf(
  ctx: AppContext,
  ownerType: AttachmentOwner,
  ownerIds: readonly number[],
): number {
  if (ownerIds.length === 0) return 0;
  return ctx.sqlite
    .prepare(
      'DELETE FROM attachments WHERE owner_type = ? AND owner_id IN (SELECT value FROM json_each(?))',
    )
    .run(ownerType, JSON.stringify(ownerIds)).changes;
}
