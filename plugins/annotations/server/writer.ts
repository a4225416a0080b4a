/**
 * Every change to annotations, with its live message: `annotations.changed` on `source:<obj_id>`,
 * to the groups that read (or read until now) the annotation, within those who may see its
 * spectrum or point when it is about one. Messages leave with the transaction's commit, never on a rollback,
 * so a service caller's transaction (alert ingestion) decides for both.
 */
import type { Knex, LiveHub } from '@skyportal/sdk';
import type { AnnotationsChangedMessage } from '../types.js';
import { deleteAnnotation, groupIdsOf, updateAnnotation, writeAnnotation, type AnnotationChanges, type AnnotationWrite, type Subject } from './store.js';
import type { Target } from './targets.js';

type Action = AnnotationsChangedMessage['data']['action'];

export class AnnotationWriter {
  constructor(
    private readonly db: Knex,
    private readonly live: LiveHub,
  ) {}

  private async announce(trx: Knex.Transaction, target: Target, annotationId: number, action: Action, groupIds: readonly number[]): Promise<void> {
    const message: AnnotationsChangedMessage = {
      type: 'annotations.changed',
      data: { obj_id: target.objId, spectrum_id: target.spectrumId, photometry_id: target.photometryId, annotation_id: annotationId, action },
    };
    const audience = { groupIds: [...new Set(groupIds)], ...(target.readers ? { within: target.readers } : {}) };
    await this.live.publish(`source:${target.objId}`, message, audience, { transaction: trx });
  }

  /** A new annotation (`refuse`: a second from its origin is a 400), or the origin's one replaced (`replace`). */
  async write(trx: Knex.Transaction, target: Target, input: Omit<AnnotationWrite, keyof Subject>, onConflict: 'refuse' | 'replace') {
    const written = await writeAnnotation(trx, { ...input, objId: target.objId, spectrumId: target.spectrumId, photometryId: target.photometryId }, onConflict);
    await this.announce(trx, target, written.id, written.created ? 'added' : 'updated', written.groupIds);
    return { id: written.id, created: written.created };
  }

  async update(target: Target, annotationId: number, changes: AnnotationChanges): Promise<void> {
    await this.db.transaction(async (trx) => {
      // Those who read it before and those who read it now: a group it left refetches and loses it.
      const before = await groupIdsOf(trx, annotationId);
      await updateAnnotation(trx, annotationId, changes);
      await this.announce(trx, target, annotationId, 'updated', [...before, ...(changes.groupIds ?? [])]);
    });
  }

  async delete(target: Target, annotationId: number): Promise<void> {
    await this.db.transaction(async (trx) => {
      const before = await groupIdsOf(trx, annotationId);
      await deleteAnnotation(trx, annotationId);
      await this.announce(trx, target, annotationId, 'deleted', before);
    });
  }
}
