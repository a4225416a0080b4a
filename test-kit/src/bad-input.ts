// Table-driven checks of bad input: the status, the field the message names, and that nothing was
// stored, changed or deleted (the project's rule for bad input).
import type { SkyPortalApp } from '@skyportal/core';
import type { RequestOptions, TestServer } from './server.js';

/**
 * A fingerprint of each table's rows (count and md5 of their text): the same before and after a
 * request means it stored, changed and deleted nothing there. `last_used_at` is left out: signing
 * a request in with a token touches it, whatever the request.
 */
export async function tableDigests(knex: SkyPortalApp['knex'], tables: readonly string[]): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of tables) {
    const { rows } = await knex.raw(
      `SELECT count(*) AS n, md5(coalesce(string_agg((to_jsonb(t) - 'last_used_at')::text, E'\\n' ORDER BY (to_jsonb(t) - 'last_used_at')::text), '')) AS digest FROM ?? AS t`,
      [table],
    );
    digests[table] = `${rows[0].n} rows, ${rows[0].digest}`;
  }
  return digests;
}

/** One bad request of a table-driven test: what is sent, the status expected, the field its message must name. */
export interface BadInput {
  method: string;
  path: string;
  query?: RequestOptions['query'];
  body?: unknown;
  /** Sent instead of the admin token. */
  token?: string;
  status: number;
  /** The field the message names: `ra`, `group_ids[0]`, `altdata.note`. */
  field: string;
}

/**
 * Sends a bad request and reports what a test checks: its status, its message, whether the message
 * names the field (as a field: `field:`, `field[...` or `field.`), the tables whose rows changed, and
 * `problems`: each way the answer falls short of the rule (empty when the input was refused with the
 * expected status, the field named, nothing stored), so a table-driven test asserts
 * `expect(outcome.problems).toEqual([])` and a failure says what went wrong.
 */
export async function tryBadInput(server: TestServer, input: BadInput, tables: readonly string[]) {
  const before = await tableDigests(server.knex, tables);
  const response = await server.request(input.method, input.path, { query: input.query, body: input.body, token: input.token });
  const after = await tableDigests(server.knex, tables);
  const message = typeof response.body === 'object' && response.body ? String(response.body.message) : response.text;
  const escaped = input.field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const namesField = new RegExp(`(^|[\\s:;,(])${escaped}(:|\\[|\\.)`).test(message);
  const changedTables = tables.filter((table) => before[table] !== after[table]);
  const problems = [
    ...(response.status === input.status ? [] : [`status ${response.status}, expected ${input.status}`]),
    ...(namesField ? [] : [`the message does not name ${input.field}: ${message}`]),
    ...changedTables.map((table) => `rows of ${table} changed`),
  ];
  return { status: response.status, message, namesField, changedTables, problems };
}
