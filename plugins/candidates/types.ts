// Shapes shared by the candidates plugin's server, its web part and the plugins that feed it
// (alert ingestion). No runtime dependencies beyond the SDK's refs, so the web part imports it too.
import type { Knex } from '@skyportal/sdk';
import { createServiceRef } from '@skyportal/sdk/refs';

/** Comparison operators of a condition's leaf. */
export const CONDITION_OPS = ['>=', '>', '<=', '<', '==', '!=', 'in', 'exists'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** A JSON value a condition compares with. */
export type ConditionValue = string | number | boolean | null | ConditionValue[];

/**
 * A filter's conditions on an alert packet's fields, as stored in `filters.conditions`:
 * `{all: [...]}` (every one holds; `[]` holds), `{any: [...]}` (one holds; `[]` never does),
 * `{not: ...}`, or a leaf `{field: 'candidate.rb', op: '>=', value: 0.65}` (a dotted path into the
 * packet). `null` on a filter: every alert passes. See `conditions.ts` for what each op means.
 */
export type Conditions = { all: Conditions[] } | { any: Conditions[] } | { not: Conditions } | ConditionLeaf;

export interface ConditionLeaf {
  field: string;
  op: ConditionOp;
  /** `in`: a list; `exists`: a boolean (default true); the others: a number, string, boolean or null. */
  value?: ConditionValue;
}

/** A filter as `GET /api/filters[/{id}]` gives it (SkyPortal's keys, plus `conditions`). */
export interface Filter {
  id: number;
  name: string;
  stream_id: number;
  group_id: number;
  altdata: Record<string, unknown> | null;
  conditions: Conditions | null;
  /** Objs passing it during ingestion are also saved as sources to its group. */
  autosave: boolean;
  created_at: string;
  modified: string;
}

/** One candidate row: an obj that passed one filter at one time (`GET /api/candidates_filter`). */
export interface CandidateRecord {
  id: number;
  obj_id: string;
  filter_id: number;
  passed_at: string;
  /** The alert (e.g. ZTF `candid`) that passed; digits exact in the JSON text (it is a bigint). */
  passing_alert_id: number | string | null;
  uploader_id: number | null;
  created_at: string;
}

export interface CandidateGroup {
  id: number;
  name: string;
  nickname: string | null;
}

/** A passing of one of the caller's filters, as a candidate answer lists it (`passing_alerts`). */
export interface PassingAlert {
  candidate_id: number;
  filter_id: number;
  passing_alert_id: number | string | null;
  passed_at: string;
}

/**
 * An item of `GET /api/candidates` and the answer of `GET /api/candidates/{obj_id}`: the obj's
 * fields (as `GET /api/sources/{id}` has them: ra, dec, redshift, gal_lat, dm, ...), what it passed
 * among the caller's filters, and whether it is a source yet. Other plugins' fields (`annotations`,
 * `classifications`, `thumbnails`, `photometry` with `includePhotometry=true`) come through the
 * sources plugin's `sources.serialize` hook.
 */
export interface Candidate {
  id: string;
  ra: number | null;
  dec: number | null;
  redshift: number | null;
  /** Ids of the caller's filters it passed (within the query's filters, for the list). */
  filter_ids: number[];
  /** Groups of those filters. */
  passing_group_ids: number[];
  /** The latest passing among them (the list's order). */
  passed_at: string;
  passing_alert_id: number | string | null;
  passing_alerts: PassingAlert[];
  /** Saved as a source to one of the caller's groups. */
  is_source: boolean;
  /** The caller's groups it is saved to. */
  saved_groups: CandidateGroup[];
  [field: string]: unknown;
}

/** `GET /api/candidates`. */
export interface CandidateList {
  candidates: Candidate[];
  totalMatches: number;
  pageNumber: number;
  numPerPage: number;
  /**
   * Names this query's snapshot: pass it back with the next pages and they page through the same
   * candidates (those that arrived after the first page are not shown until a new query).
   */
  queryID: string;
}

/** Upstream's `savedStatus` values. */
export const SAVED_STATUSES = [
  'all',
  'savedToAllSelected',
  'savedToAnySelected',
  'savedToAnyAccessible',
  'notSavedToAnyAccessible',
  'notSavedToAnySelected',
  'notSavedToAllSelected',
] as const;
export type SavedStatus = (typeof SAVED_STATUSES)[number];

/** A listing: an obj on one of a user's named lists (`favorites`, `rejected_candidates`, ...). */
export interface Listing {
  id: number;
  user_id: number;
  obj_id: string;
  list_name: string;
  params: Record<string, unknown> | null;
  created_at: string;
  modified: string;
}

/** The list a scanner's Reject puts an obj on; `GET /api/candidates?listNameReject=` hides them. */
export const REJECTED_LIST = 'rejected_candidates';

/**
 * On `group:<id>` of each passed filter's group (to its members), when the candidates' transaction
 * commits: new candidates to scan. Only ids: each page fetches what its user may read.
 */
export interface CandidatesAddedMessage {
  type: 'candidates.added';
  data: { obj_id: string; filter_ids: number[]; ids: number[] };
}

/** A filter as alert ingestion evaluates it. */
export interface StreamFilter {
  id: number;
  groupId: number;
  conditions: Conditions | null;
  autosave: boolean;
}

/** What `candidatesService.add` records: an obj (it must exist) passing some filters at one time. */
export interface AddCandidatesInput {
  objId: string;
  filterIds: readonly number[];
  passedAt: Date;
  /** The alert that passed (ZTF `candid`, a bigint: a bigint or its digits keep it exact). */
  passingAlertId?: number | bigint | string | null;
  /** The user the candidates are recorded for (a bot user for alert ingestion). */
  uploaderId: number;
}

/**
 * What alert ingestion calls (`services.get(candidatesService)`; list `candidates` in `dependsOn`).
 * Both run inside the caller's transaction; evaluate conditions with `evaluateConditions` from
 * `@skyportal/plugin-candidates/conditions`.
 */
export interface CandidatesService {
  /** The filters on stream `streamId`, by id. */
  filtersForStream(trx: Knex | Knex.Transaction, streamId: number): Promise<StreamFilter[]>;
  /**
   * Records the obj as a candidate of each filter at `passedAt`, idempotently (one row per obj,
   * filter and passed_at: adding again returns the same ids, in `filterIds` order). Publishes
   * `candidates.added` to the filters' groups when `trx` commits. Unknown filter ids are a 400.
   */
  add(trx: Knex.Transaction, input: AddCandidatesInput): Promise<{ ids: number[] }>;
  /**
   * Creates a filter (demo data, a site's setup script): the caller has decided the group may
   * have it. `conditions` are checked as `POST /api/filters` checks them (a 400 naming the path).
   */
  createFilter(trx: Knex | Knex.Transaction, input: CreateFilterInput): Promise<{ id: number }>;
}

export interface CreateFilterInput {
  name: string;
  streamId: number;
  groupId: number;
  conditions?: Conditions | null;
  altdata?: Record<string, unknown> | null;
  autosave?: boolean;
}

export const candidatesService = createServiceRef<CandidatesService>({ id: 'candidates.service' });
