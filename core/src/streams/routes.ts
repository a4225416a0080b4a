import { z } from 'zod';
import type { Knex } from 'knex';
import type { AuditLog, PluginRouter, Principal } from '@skyportal/sdk';
import { ApiError, badRequest, conflict, coreHooks, hasAcl, inputs, isUniqueViolation } from '@skyportal/sdk';
import type { Principals } from '../auth/principals.js';
import type { HookStore } from '../plugins/hooks.js';
import { groupsRequiringStream } from './rules.js';

const streamId = z.object({ id: inputs.dbId });
const STREAM_COLUMNS = ['streams.id', 'streams.name', 'streams.altdata', 'streams.auto_join', 'streams.created_at', 'streams.modified'];
const ALTDATA_BYTES = 100_000;

const streamFields = {
  name: inputs.name(200),
  altdata: inputs.jsonObject(ALTDATA_BYTES).nullable().describe("Survey details, e.g. {collection: 'ZTF_alerts', selector: [1, 2]}"),
  auto_join: z.boolean().describe('Any user may find this stream and give it to themselves'),
};

interface Deps {
  knex: Knex;
  principals: Principals;
  hooks: HookStore;
  audit: AuditLog;
}

/** SkyPortal's answer for a stream that is missing or not the caller's to see, alike. */
function cannotRetrieve(id: number): ApiError {
  return new ApiError(400, `Could not retrieve stream with ID ${id}.`);
}

/** Streams the caller may see: theirs, and every auto-join one (to find and join it); all for system admins. */
export function visibleStreams(knex: Knex, user: Principal): Knex.QueryBuilder {
  const query = knex('streams').select(...STREAM_COLUMNS);
  if (!user.isSystemAdmin) query.where((q) => q.where('streams.auto_join', true).orWhereIn('streams.id', [...user.streamIds]));
  return query;
}

function nameTaken(error: unknown): never {
  if (isUniqueViolation(error)) throw conflict('name: another stream has this name');
  throw error;
}

/**
 * Alert streams (SkyPortal's `/api/streams`): system admins create, change and delete them and
 * give them to users; a user may give themselves an auto-join stream. Who holds a stream sees the
 * data made from it (the SDK's `scopeToGroups` with `streams`).
 */
export function streamRoutes(router: PluginRouter, deps: Deps): void {
  const { knex } = deps;

  router.get(
    '/api/streams',
    { access: 'authenticated', summary: 'The streams the caller may see (theirs, and auto-join ones)', tags: ['streams'] },
    async ({ user }) => visibleStreams(knex, user).orderBy('streams.id'),
  );

  router.get('/api/streams/:id', { access: 'authenticated', summary: 'A stream', tags: ['streams'], params: streamId }, async ({ user, params }) => {
    const stream = await visibleStreams(knex, user).where('streams.id', params.id).first();
    if (!stream) throw cannotRetrieve(params.id);
    return stream;
  });

  router.post(
    '/api/streams',
    {
      access: { acl: 'System admin' },
      summary: 'Create a stream',
      tags: ['streams'],
      body: z.strictObject({ name: streamFields.name, altdata: streamFields.altdata.optional(), auto_join: streamFields.auto_join.default(false) }),
    },
    async ({ user, body }) => {
      const id = await knex
        .transaction(async (trx) => {
          const [row] = await trx('streams')
            .insert({ name: body.name, altdata: body.altdata ? JSON.stringify(body.altdata) : null, auto_join: body.auto_join })
            .returning('id');
          const details = { auto_join: body.auto_join };
          await deps.audit.record(trx, user, { action: 'stream.create', targetType: 'stream', targetId: row.id, targetName: body.name, details });
          return row.id as number;
        })
        .catch(nameTaken);
      return { id };
    },
  );

  router.patch(
    '/api/streams/:id',
    {
      access: { acl: 'System admin' },
      summary: 'Rename a stream, change its altdata or auto-join flag',
      tags: ['streams'],
      params: streamId,
      body: z.strictObject({ name: streamFields.name.optional(), altdata: streamFields.altdata.optional(), auto_join: streamFields.auto_join.optional() }),
    },
    async ({ user, params, body }) => {
      const changes: Record<string, unknown> = {};
      if (body.name !== undefined) changes.name = body.name;
      if (body.altdata !== undefined) changes.altdata = body.altdata === null ? null : JSON.stringify(body.altdata);
      if (body.auto_join !== undefined) changes.auto_join = body.auto_join;
      await knex
        .transaction(async (trx) => {
          const [row] = await trx('streams')
            .where({ id: params.id })
            .update({ ...changes, modified: trx.fn.now() })
            .returning('name');
          if (!row) throw cannotRetrieve(params.id);
          const details = { fields: Object.keys(changes) };
          await deps.audit.record(trx, user, { action: 'stream.update', targetType: 'stream', targetId: params.id, targetName: row.name, details });
        })
        .catch(nameTaken);
      return { id: params.id };
    },
  );

  router.delete(
    '/api/streams/:id',
    { access: { acl: 'System admin' }, summary: 'Delete a stream, with the data made from it and every access to it', tags: ['streams'], params: streamId },
    async ({ user, params }) => {
      await knex.transaction(async (trx) => {
        const stream = await trx('streams').where({ id: params.id }).forUpdate().first('id');
        if (!stream) throw cannotRetrieve(params.id);
        // Data made from the stream goes with it (plugins' taps, or their foreign keys); so do
        // group_streams and stream_users.
        await deps.hooks.of(coreHooks.streamDeleted).promise({ streamId: params.id, trx });
        const [row] = await trx('streams').where({ id: params.id }).delete().returning('name');
        await deps.audit.record(trx, user, { action: 'stream.delete', targetType: 'stream', targetId: params.id, targetName: row.name });
      });
      // Its holders' principals forget it.
      await deps.principals.invalidate();
      return { id: params.id };
    },
  );

  router.post(
    '/api/streams/:id/users',
    {
      // SkyPortal's rule, in the handler: system admins give anyone any stream; others only
      // themselves, and only an auto-join stream.
      access: { account: 'own', orAcl: 'System admin' },
      summary: 'Give a user access to a stream (system admins; anyone themselves to an auto-join stream)',
      tags: ['streams', 'users'],
      params: streamId,
      body: z.strictObject({ user_id: inputs.dbId }),
    },
    async ({ user, params, body }) => {
      const stream = await knex('streams').where({ id: params.id }).first('id', 'name', 'auto_join');
      if (!stream) throw cannotRetrieve(params.id);
      const selfJoin = body.user_id === user.id && stream.auto_join;
      if (!hasAcl(user, 'System admin') && !selfJoin) {
        throw badRequest('Insufficient permissions: only system admins can grant stream access to other users or to non-auto-join streams.');
      }
      const target = await knex('users').where({ id: body.user_id }).first('id', 'username');
      if (!target) throw badRequest(`user_id: no user ${body.user_id}`);
      await knex.transaction(async (trx) => {
        const [added] = await trx('stream_users')
          .insert({ stream_id: params.id, user_id: body.user_id })
          .onConflict(['stream_id', 'user_id'])
          .ignore()
          .returning('user_id');
        if (!added) throw badRequest('user_id: Specified user already has access to this stream.');
        const details = { user_id: body.user_id, username: target.username };
        await deps.audit.record(trx, user, { action: 'stream.user.add', targetType: 'stream', targetId: params.id, targetName: stream.name, details });
      });
      await deps.principals.invalidate(body.user_id);
      return { stream_id: params.id, user_id: body.user_id };
    },
  );

  router.delete(
    '/api/streams/:id/users/:user_id',
    {
      access: { acl: 'System admin' },
      summary: 'Take a stream from a user (not while a group of theirs holds it)',
      tags: ['streams', 'users'],
      params: z.object({ id: inputs.dbId, user_id: inputs.dbId }),
    },
    async ({ user, params }) => {
      const required = await groupsRequiringStream(knex, params.user_id, params.id);
      if (required.length) {
        throw badRequest(
          `user_id: user ${params.user_id} is in group(s) ${required.join(', ')} holding stream ${params.id}: remove the stream from those groups, or the user from them, first`,
        );
      }
      await knex.transaction(async (trx) => {
        const removed = await trx('stream_users').where({ stream_id: params.id, user_id: params.user_id }).delete();
        if (!removed) throw badRequest('user_id: Stream user does not exist.');
        const stream = await trx('streams').where({ id: params.id }).first('name');
        const details = { user_id: params.user_id };
        await deps.audit.record(trx, user, {
          action: 'stream.user.remove',
          targetType: 'stream',
          targetId: params.id,
          targetName: stream?.name ?? null,
          details,
        });
      });
      await deps.principals.invalidate(params.user_id);
      return { stream_id: params.id, user_id: params.user_id };
    },
  );
}
