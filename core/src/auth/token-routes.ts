import { z } from 'zod';
import type { Knex } from 'knex';
import type { AuditLog, PluginRouter } from '@skyportal/sdk';
import { badRequest, forbidden, inputs, notFound } from '@skyportal/sdk';
import type { Users } from './users.js';
import type { Principals } from './principals.js';

/**
 * Token management is an action on one's own account, done from a signed-in session: a token,
 * whatever its ACLs, cannot list, mint or revoke its owner's tokens (a leaked read-only token
 * could otherwise revoke the owner's automation, or mint a successor that outlives its own
 * revocation). System admin tokens may (automation creates users' tokens); they can do anything.
 */
const TOKEN_MANAGEMENT = { account: 'session', orAcl: 'System admin' } as const;

export function tokenRoutes(router: PluginRouter, deps: { knex: Knex; users: Users; principals: Principals; audit: AuditLog }): void {
  const { knex, users, principals } = deps;

  router.get(
    '/api/internal/tokens',
    {
      access: TOKEN_MANAGEMENT,
      summary: "The caller's API tokens, or with all=true every user's (system admins); never their secrets",
      tags: ['tokens'],
      query: z.object({ all: inputs.flag().default(false).describe("Every user's tokens, with their owners (system admins only)") }),
    },
    async ({ user, query }) => {
      if (query.all && !user.isSystemAdmin) throw forbidden('all: only system admins list every user’s tokens');
      const rows = knex('tokens')
        .join('users', 'users.id', 'tokens.user_id')
        .select('tokens.id', 'tokens.name', 'tokens.acls', 'tokens.created_at', 'tokens.last_used_at', 'tokens.created_by_id', 'tokens.user_id')
        .select('users.username as owner_username')
        .orderBy('tokens.created_at');
      if (!query.all) rows.where('tokens.user_id', user.id);
      return rows;
    },
  );

  router.post(
    '/api/internal/tokens',
    {
      access: TOKEN_MANAGEMENT,
      summary: 'Create an API token limited to a subset of its owner’s ACLs; the secret is returned once as token_id',
      tags: ['tokens'],
      body: z.object({
        name: inputs.name(200),
        acls: z.array(inputs.text(100)).max(200).default([]),
        user_id: inputs.dbId.optional(),
      }),
    },
    async ({ user, body }) => {
      const ownerId = body.user_id ?? user.id;
      if (ownerId !== user.id && !user.isSystemAdmin) throw forbidden('user_id: only system admins may create tokens for other users');
      const owner = ownerId === user.id ? user : await principals.forSession(ownerId);
      if (!owner) throw notFound(`User ${ownerId}`);
      // A token made with a token cannot exceed the token that made it either.
      const ceiling = new Set([...owner.acls].filter((acl) => ownerId !== user.id || user.acls.has(acl)));
      const excess = body.acls.filter((acl) => !ceiling.has(acl));
      if (excess.length) throw badRequest(`acls: ${ownerId === user.id ? 'you do' : 'the user does'} not hold ${excess.join(', ')}`);
      const acls = [...new Set(body.acls)];
      const token = await knex.transaction(async (trx) => {
        const created = await users.createToken({ userId: ownerId, name: body.name, acls, createdById: user.id }, trx);
        const details = { name: body.name, acls, owner_id: ownerId };
        await deps.audit.record(trx, user, { action: 'token.create', targetType: 'token', targetId: created.id, targetName: body.name, details });
        return created;
      });
      return { token_id: token.secret, id: token.id };
    },
  );

  router.delete(
    '/api/internal/tokens/:id',
    {
      access: TOKEN_MANAGEMENT,
      summary: 'Revoke a token (by id; by its secret for SkyPortal scripts)',
      tags: ['tokens'],
      params: z.object({ id: inputs.text(200).min(1) }),
    },
    async ({ user, params }) => {
      const revoked = await users.revokeToken(params.id, user.isSystemAdmin ? null : user.id, (trx, token) =>
        deps.audit.record(trx, user, {
          action: 'token.revoke',
          targetType: 'token',
          targetId: token.id,
          targetName: token.name,
          details: { owner_id: token.user_id },
        }),
      );
      // Never echo the parameter: SkyPortal scripts put the secret there.
      if (!revoked) throw notFound('Token');
      return {};
    },
  );
}
