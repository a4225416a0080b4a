/**
 * SkyPortal's annotation routes, the same for sources, spectra and photometry points:
 * `GET/POST /api/<resource>/{id}/annotations`, `GET/PUT/DELETE /api/<resource>/{id}/annotations/{annotation_id}`.
 * An annotation is read through its groups and only where its subject may be seen; one the caller
 * cannot read answers as SkyPortal's "not found", a 403. Only its author (or a system admin) changes it.
 */
import { ApiError, badRequest, forbidden, notFound, resolveWritableGroups, type Knex, type PluginRouter, type Principal } from '@skyportal/sdk';
import type { AnnotationResource } from '../types.js';
import { annotationParams, postBody, putBody, resourceParams } from './inputs.js';
import { annotationsOf, resourceOf, serializeAnnotations, visibleAnnotation, type StoredAnnotation } from './store.js';
import { pathIdOf, type Target, type Targets } from './targets.js';
import type { AnnotationWriter } from './writer.js';

export interface AnnotationRouteDeps {
  db: Knex;
  targets: Targets;
  writer: AnnotationWriter;
  maxDataBytes: number;
}

/** SkyPortal's answer for an annotation that does not exist or that the caller may not read (the same). */
const inaccessible = () => new ApiError(403, 'Could not find any accessible annotations.');

const NOUN: Record<AnnotationResource, string> = { sources: 'Source', spectra: 'Spectrum', photometry: 'Photometry point' };

/** Posted group ids, or (absent or empty) all of the caller's groups, as SkyPortal. */
const groupsFor = (db: Knex, user: Principal, groupIds: readonly number[] | null | undefined) =>
  resolveWritableGroups(db, user, groupIds?.length ? groupIds : user.groupIds);

export function annotationRoutes(router: PluginRouter, resource: AnnotationResource, deps: AnnotationRouteDeps): void {
  const { db, targets, writer } = deps;
  const base = `/api/${resource}/:id/annotations`;
  const tags = ['annotations'];
  const one = { params: annotationParams(resource), tags };

  /** The annotation named by the path and its subject, if the caller may read it there; 400 if it is about another subject. */
  async function readable(user: Principal, id: string | number, annotationId: number): Promise<{ annotation: StoredAnnotation; target: Target }> {
    const annotation = await visibleAnnotation(db, user, annotationId);
    const kindMatches = annotation && resourceOf(annotation) === resource;
    const target = kindMatches ? await targets.of(user, annotation) : undefined;
    if (!annotation || !target) throw inaccessible();
    if (pathIdOf(annotation) !== String(id)) throw badRequest(`Annotation resource ID does not match resource ID given in path (${id})`);
    return { annotation, target };
  }

  /** As SkyPortal: only the author changes or deletes an annotation (system admins too). */
  function mayChange(user: Principal, annotation: StoredAnnotation): void {
    if (annotation.author_id !== user.id && !user.isSystemAdmin) throw forbidden('Only the author of an annotation may change or delete it');
  }

  router.get(
    base,
    { access: 'authenticated', params: resourceParams(resource), tags, summary: `The annotations of a ${NOUN[resource].toLowerCase()}, by origin` },
    async ({ user, params }) => {
      // As SkyPortal: a subject the caller cannot see simply has no annotations for them.
      const target = await targets.visible(user, resource, params.id);
      if (!target) return [];
      return serializeAnnotations(db, user, await annotationsOf(db, user, target), resource);
    },
  );

  router.get(`${base}/:annotation_id`, { ...one, access: 'authenticated', summary: 'One annotation' }, async ({ user, params }) => {
    const { annotation } = await readable(user, params.id, params.annotation_id);
    return (await serializeAnnotations(db, user, [annotation], resource))[0];
  });

  router.post(
    base,
    {
      access: { acl: 'Annotate' },
      params: resourceParams(resource),
      body: postBody(deps.maxDataBytes),
      tags,
      summary: `Annotate a ${NOUN[resource].toLowerCase()}: {origin, data: {key: value}, group_ids?}; one annotation per origin (400 for a second: change it with PUT)`,
    },
    async ({ user, params, body }) => {
      const target = await targets.visible(user, resource, params.id);
      if (!target) throw notFound(`${NOUN[resource]} ${params.id}`);
      const groupIds = await groupsFor(db, user, body.group_ids);
      const { id } = await db.transaction((trx) => writer.write(trx, target, { origin: body.origin, data: body.data, groupIds, authorId: user.id }, 'refuse'));
      return { annotation_id: id };
    },
  );

  router.put(
    `${base}/:annotation_id`,
    { ...one, access: { acl: 'Annotate' }, body: putBody(deps.maxDataBytes), summary: 'Change an annotation: its data, origin or groups (its author)' },
    async ({ user, params, body }) => {
      const { annotation, target } = await readable(user, params.id, params.annotation_id);
      mayChange(user, annotation);
      const groupIds = body.group_ids ? await resolveWritableGroups(db, user, body.group_ids) : undefined;
      await writer.update(target, annotation.id, { origin: body.origin, data: body.data, groupIds });
      return {};
    },
  );

  router.delete(`${base}/:annotation_id`, { ...one, access: { acl: 'Annotate' }, summary: 'Delete an annotation (its author)' }, async ({ user, params }) => {
    const { annotation, target } = await readable(user, params.id, params.annotation_id);
    mayChange(user, annotation);
    await writer.delete(target, annotation.id);
    return {};
  });
}
