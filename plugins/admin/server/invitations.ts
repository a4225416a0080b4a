import { createHash, randomBytes } from 'node:crypto';
import type { Accounts, AuditLog, Knex, Principal, PluginRouter } from '@skyportal/sdk';
import { badRequest, conflict, forbidden, inputs, notFound, z } from '@skyportal/sdk';
import type { CreatedInvitation, Invitation } from '../types.js';

interface Deps {
  db: Knex;
  audit: AuditLog;
  accounts: Accounts;
  publicUrl: string;
  maxHours: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** One wording for every unusable link: which of unknown, used, revoked or expired is not told. */
const UNUSABLE = 'token: this invitation link is not valid (used, revoked or expired); ask for a new one';

const COLUMNS = [
  'id',
  'username',
  'contact_email',
  'first_name',
  'last_name',
  'roles',
  'acls',
  'group_ids',
  'invited_by_id',
  'created_at',
  'expires_at',
  'accepted_at',
  'user_id',
  'revoked_at',
];

function statusOf(row: { accepted_at: Date | null; revoked_at: Date | null; expires_at: Date }): Invitation['status'] {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  return row.expires_at.getTime() <= Date.now() ? 'expired' : 'pending';
}

const personName = inputs.textField({ kind: 'name', max: 200, min: 0 }).optional();

/**
 * Invitations by link: an admin names the account to be (roles, ACLs, groups); the invited person
 * opens `/invite#<secret>` and chooses a password, and the account exists from then on. A link
 * works once, until it expires; its secret is shown once and stored only as a hash.
 */
export function invitationRoutes(router: PluginRouter, deps: Deps): void {
  const { db, audit, accounts } = deps;

  router.get(
    '/api/admin/invitations',
    { access: { acl: 'Manage users' }, summary: 'Invitations, newest first (never their secrets)', tags: ['admin'], query: z.object({}) },
    async () => {
      const rows = await db('admin_invitations')
        .select(...COLUMNS)
        .orderBy('id', 'desc')
        .limit(500);
      return rows.map((row) => ({ ...row, status: statusOf(row) }));
    },
  );

  router.post(
    '/api/admin/invitations',
    {
      access: { acl: 'Manage users' },
      summary: 'Invite someone by link: the account is created when they accept; the link is returned once',
      tags: ['admin'],
      body: z.object({
        username: inputs.identifier(100).regex(/^[^/]+$/, 'no slashes'),
        contact_email: z.email().max(254).optional(),
        first_name: personName,
        last_name: personName,
        roles: z.array(inputs.text(100)).max(20).default(['Full user']),
        acls: z.array(inputs.text(100)).max(200).default([]),
        groupIDs: inputs.dbIdArray(100).default([]),
        expiresInHours: z.number().int().min(1).max(deps.maxHours).default(72),
      }),
    },
    async ({ user, body }) => {
      const [roles, acls] = [accounts.roles(), accounts.acls()];
      const badRoles = body.roles.filter((role) => !roles.includes(role));
      if (badRoles.length) throw badRequest(`roles: unknown role(s) ${badRoles.join(', ')}`);
      const badAcls = body.acls.filter((acl) => !acls.includes(acl));
      if (badAcls.length) throw badRequest(`acls: unknown ACL(s) ${badAcls.join(', ')}`);
      // As core's POST /api/user: the site's highest rights come from system admins only.
      if (!user.isSystemAdmin && (body.roles.includes('Super admin') || body.acls.includes('System admin'))) {
        throw forbidden('roles: only system admins may invite system admins');
      }
      const secret = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + body.expiresInHours * 3600_000);
      const id = await db.transaction(async (trx) => {
        await checkGroups(trx, user, body.groupIDs);
        if (await trx('users').where({ username: body.username }).first('id')) throw conflict(`username: ${body.username} is taken`);
        if (await trx('groups').where({ name: body.username }).first('id')) throw conflict(`username: a group named ${body.username} exists`);
        // An expired invitation for this name gives way to the new one.
        await trx('admin_invitations')
          .where({ username: body.username })
          .whereNull('accepted_at')
          .whereNull('revoked_at')
          .where('expires_at', '<=', new Date())
          .update({ revoked_at: new Date() });
        const open = await trx('admin_invitations').where({ username: body.username }).whereNull('accepted_at').whereNull('revoked_at').first('id');
        if (open) throw conflict(`username: invitation ${open.id} for ${body.username} is still open; revoke it first`);
        const [row] = await trx('admin_invitations')
          .insert({
            token_hash: sha256(secret),
            username: body.username,
            contact_email: body.contact_email ?? null,
            first_name: body.first_name ?? null,
            last_name: body.last_name ?? null,
            roles: body.roles,
            acls: [...new Set(body.acls)],
            group_ids: [...new Set(body.groupIDs)],
            invited_by_id: user.id,
            expires_at: expiresAt,
          })
          .returning('id');
        const details = { username: body.username, roles: body.roles, acls: body.acls, groupIDs: body.groupIDs, expires_at: expiresAt.toISOString() };
        await audit.record(trx, user, { action: 'invitation.create', targetType: 'invitation', targetId: row.id, targetName: body.username, details });
        return row.id as number;
      });
      const url = new URL('/invite', deps.publicUrl);
      url.hash = secret;
      return { id, url: url.href, token: secret, expires_at: expiresAt.toISOString() } satisfies CreatedInvitation;
    },
  );

  router.delete(
    '/api/admin/invitations/:id',
    { access: { acl: 'Manage users' }, summary: 'Revoke an open invitation: its link stops working', tags: ['admin'], params: z.object({ id: inputs.dbId }) },
    async ({ user, params }) => {
      await db.transaction(async (trx) => {
        const [row] = await trx('admin_invitations')
          .where({ id: params.id })
          .whereNull('accepted_at')
          .whereNull('revoked_at')
          .update({ revoked_at: new Date() })
          .returning(['id', 'username']);
        if (!row) throw notFound(`Open invitation ${params.id}`);
        await audit.record(trx, user, { action: 'invitation.revoke', targetType: 'invitation', targetId: row.id, targetName: row.username });
      });
      return { id: params.id };
    },
  );

  // The secret travels in the body, never in a URL a log would keep.
  const tokenBody = z.object({ token: z.string().min(20).max(200) });

  router.post(
    '/api/admin/invitations/preview',
    { access: { account: 'sign-in' }, summary: 'What an invitation link is for (the username), before accepting it', tags: ['admin'], body: tokenBody },
    async ({ body }) => {
      const row = await usable(db, body.token);
      return { username: row.username, first_name: row.first_name, expires_at: row.expires_at.toISOString() };
    },
  );

  router.post(
    '/api/admin/invitations/accept',
    {
      access: { account: 'sign-in' },
      summary: 'Accept an invitation: creates the account with this password (then sign in)',
      tags: ['admin'],
      body: tokenBody.extend({ password: z.string().min(8).max(1024) }),
    },
    async ({ body }) => {
      const created = await db.transaction(async (trx) => {
        // Locked: two tabs accepting at once make one account, and the second gets the 400.
        const row = await usable(trx, body.token, true);
        if (await trx('users').where({ username: row.username }).first('id'))
          throw conflict(`username: ${row.username} was taken meanwhile; ask for a new invitation`);
        const account = await accounts.create(trx, {
          username: row.username,
          contact_email: row.contact_email,
          first_name: row.first_name,
          last_name: row.last_name,
          password: body.password,
          roles: row.roles,
          acls: row.acls,
          groupIds: row.group_ids,
        });
        await trx('admin_invitations').where({ id: row.id }).update({ accepted_at: new Date(), user_id: account.id });
        const newcomer = { id: account.id, username: row.username, via: 'session' } as Principal;
        await audit.record(trx, newcomer, {
          action: 'invitation.accept',
          targetType: 'user',
          targetId: account.id,
          targetName: row.username,
          details: { invitation_id: row.id, roles: row.roles, acls: row.acls, groupIDs: row.group_ids },
        });
        return { id: account.id, username: row.username as string };
      });
      await accounts.announceCreated(created.id);
      return created;
    },
  );
}

/** The open, unexpired invitation of this secret, or the one 400 for any other. */
async function usable(db: Knex, token: string, lock = false) {
  const query = db('admin_invitations')
    .where({ token_hash: sha256(token) })
    .first('*');
  if (lock) query.forUpdate();
  const row = await query;
  if (!row || row.accepted_at || row.revoked_at || row.expires_at.getTime() <= Date.now()) throw badRequest(UNUSABLE);
  return row;
}

/** Groups an invitation puts the newcomer in: each exists, is not single-user, and is the inviter's to administer. */
async function checkGroups(db: Knex, user: Principal, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const found: number[] = await db('groups').whereIn('id', ids).where('single_user_group', false).pluck('id');
  const missing = ids.filter((id) => !found.includes(id));
  if (missing.length) throw badRequest(`groupIDs: no group(s) ${missing.join(', ')}`);
  const notAdmin = found.filter((id) => !user.isSystemAdmin && !user.adminGroupIds.includes(id));
  if (notAdmin.length) throw forbidden(`groupIDs: not an admin of group(s) ${notAdmin.join(', ')}`);
}
