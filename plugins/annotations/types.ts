// Shapes shared by the annotations plugin's server, its web part and the plugins that write annotations.
import type { Knex, Principal } from '@skyportal/sdk';
import { createServiceRef } from '@skyportal/sdk/refs';

/** What an annotation is about, as SkyPortal's paths name it: `/api/<resource>/{id}/annotations`. */
export type AnnotationResource = 'sources' | 'spectra' | 'photometry';

/** A value of an annotation's data: any JSON, stored as `jsonb`, so numbers stay numbers. */
export type AnnotationValue = string | number | boolean | null | AnnotationValue[] | { [key: string]: AnnotationValue };

/** Longest origin, in characters. */
export const ORIGIN_MAX_LENGTH = 200;
/** Longest key of an annotation's data, in characters. */
export const KEY_MAX_LENGTH = 200;

export interface AnnotationAuthor {
  id: number;
  username: string;
  first_name: string | null;
  last_name: string | null;
}

export interface AnnotationGroup {
  id: number;
  name: string;
  nickname: string | null;
}

/** An annotation as `GET /api/{sources,spectra,photometry}/{id}/annotations[/{annotation_id}]` gives it (SkyPortal's keys). */
export interface Annotation {
  id: number;
  /** What made it (a filter, a classifier, a catalogue); one annotation per origin and subject. */
  origin: string;
  /** `{key: value}` as posted: numbers stay numbers. */
  data: Record<string, AnnotationValue>;
  obj_id: string;
  /** Set on an annotation of one of the source's spectra. */
  spectrum_id: number | null;
  /** Set on an annotation of one of the source's photometry points. */
  photometry_id: number | null;
  author_id: number;
  author: AnnotationAuthor | null;
  /** The alert stream its data came from (only the stream's holders read it), or null. */
  stream_id: number | null;
  /** The annotation's groups the caller is in (all of them for system admins). */
  groups: AnnotationGroup[];
  resourceType: AnnotationResource;
  created_at: string;
  modified: string;
}

/**
 * On `source:<obj_id>` (to the annotation's groups, old and new): an annotation on the source, on
 * one of its spectra or on one of its points was added, changed or deleted. Only ids: each page fetches what its user may read.
 */
export interface AnnotationsChangedMessage {
  type: 'annotations.changed';
  data: { obj_id: string; spectrum_id: number | null; photometry_id: number | null; annotation_id: number; action: 'added' | 'updated' | 'deleted' };
}

/** What `annotationsService.upsert` writes: an obj's annotation from one origin. */
export interface UpsertAnnotationInput {
  objId: string;
  origin: string;
  /** `{key: value}`, checked as the POST route checks it (a 400 naming `data` otherwise). */
  data: Record<string, unknown>;
  /** Who may read it; the caller has decided these are right (they must exist). Joined to its groups if it exists. */
  groupIds: readonly number[];
  /** The user it is written for (a bot user for alert ingestion). */
  authorId: number;
  /**
   * The alert stream the data came from: only holders of the stream read the annotation (on top
   * of its groups). It must exist. Replacing an annotation's data sets its stream too.
   */
  streamId?: number | null;
}

/**
 * What plugins that write annotations call (`services.get(annotationsService)`; list `annotations`
 * in `dependsOn` or `optionalDependsOn`): alert ingestion annotates objs with a filter's scores.
 */
export interface AnnotationsService {
  /**
   * Writes the obj's annotation from `origin` inside the caller's transaction: inserts it, or
   * replaces the data of the one already there (and adds `groupIds` to its groups). The live
   * message leaves when `trx` commits. The same write path as `POST /api/sources/{id}/annotations`.
   */
  upsert(trx: Knex.Transaction, input: UpsertAnnotationInput): Promise<{ id: number; created: boolean }>;
  /**
   * The annotations the caller may read (alias `a`: `a.origin`, `a.data`, `a.created_at`) of the obj
   * in `objIdColumn`: its own (`about: 'obj'`, the default) or its photometry points'
   * (`'photometry'`). A correlated subquery for another plugin's list to sort or filter by (the
   * candidates list); select what you need.
   */
  visibleOf(db: Knex, user: Principal, objIdColumn: string, about?: 'obj' | 'photometry'): Knex.QueryBuilder;
}

export const annotationsService = createServiceRef<AnnotationsService>({ id: 'annotations.service' });

/** `annotation.<origin>.<key>`: the `sortBy` of `GET /api/sources` that sorts by an annotation's value (SkyPortal's form). */
export const annotationSortKey = (origin: string, key: string) => `annotation.${origin}.${key}`;
