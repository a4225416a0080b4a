// The admin pages' server calls: core's routes for users, groups and tokens (one way to change
// each), the admin plugin's for invitations, the audit log, plugins and health.
import { api } from '@skyportal/sdk/web';
import type { AuditRecord, CreatedInvitation, HealthReport, Invitation, PluginsOverview } from '../types';

export interface AdminUser {
  id: number;
  username: string;
  contact_email: string | null;
  first_name: string | null;
  last_name: string | null;
  created_at: string;
  disabled_at: string | null;
  last_activity_at: string | null;
  roles: string[];
  acls: string[];
}

export interface UserPage {
  users: AdminUser[];
  totalMatches: number;
  pageNumber: number;
  numPerPage: number;
}

export interface AdminGroup {
  id: number;
  name: string;
  nickname: string | null;
  private: boolean;
  single_user_group: boolean;
}

export interface GroupMember {
  id: number;
  username: string;
  first_name: string | null;
  last_name: string | null;
  admin: boolean;
  can_save: boolean;
}

export interface AdminToken {
  id: string;
  name: string;
  acls: string[];
  created_at: string;
  last_used_at: string | null;
  user_id: number;
  owner_username: string;
}

export interface AuditPage {
  entries: AuditRecord[];
  totalMatches: number;
  pageNumber: number;
  numPerPage: number;
}

export type AuditQuery = Partial<Record<'action' | 'targetType' | 'targetId' | 'actorId' | 'source', string>> & { pageNumber: number; numPerPage: number };

const TAGS = ['AdminUser', 'AdminGroup', 'AdminToken', 'AdminInvitation', 'AdminAudit'];
// Every admin change is a new audit entry: the log is refetched after each.
const changed = (...tags: string[]) => [...tags, 'AdminAudit'];

export const adminApi = api.enhanceEndpoints({ addTagTypes: TAGS }).injectEndpoints({
  endpoints: (build) => ({
    adminUsers: build.query<UserPage, { search: string; pageNumber: number; numPerPage: number }>({
      query: ({ search, ...page }) => ({ url: '/api/user', query: { ...page, ...(search ? { search } : {}) } }),
      providesTags: ['AdminUser'],
    }),
    adminAcls: build.query<string[], void>({ query: () => '/api/acls' }),
    adminRoles: build.query<{ id: string; acls: string[] }[], void>({ query: () => '/api/roles' }),
    adminCreateUser: build.mutation<{ id: number }, { username: string; contact_email?: string; password?: string; roles?: string[] }>({
      query: (body) => ({ url: '/api/user', method: 'POST', body }),
      invalidatesTags: changed('AdminUser'),
    }),
    adminSetDisabled: build.mutation<unknown, { id: number; disabled: boolean }>({
      query: ({ id, disabled }) => ({ url: `/api/user/${id}`, method: 'PATCH', body: { disabled } }),
      invalidatesTags: changed('AdminUser', 'AdminToken'),
    }),
    adminGrantAcl: build.mutation<unknown, { id: number; acl: string }>({
      query: ({ id, acl }) => ({ url: `/api/user/${id}/acls`, method: 'POST', body: { aclIds: [acl] } }),
      invalidatesTags: changed('AdminUser'),
    }),
    adminRevokeAcl: build.mutation<unknown, { id: number; acl: string }>({
      query: ({ id, acl }) => ({ url: `/api/user/${id}/acls/${encodeURIComponent(acl)}`, method: 'DELETE' }),
      invalidatesTags: changed('AdminUser'),
    }),
    adminGrantRole: build.mutation<unknown, { id: number; role: string }>({
      query: ({ id, role }) => ({ url: `/api/user/${id}/roles`, method: 'POST', body: { roleIds: [role] } }),
      invalidatesTags: changed('AdminUser'),
    }),
    adminRevokeRole: build.mutation<unknown, { id: number; role: string }>({
      query: ({ id, role }) => ({ url: `/api/user/${id}/roles/${encodeURIComponent(role)}`, method: 'DELETE' }),
      invalidatesTags: changed('AdminUser'),
    }),

    adminInvitations: build.query<Invitation[], void>({ query: () => '/api/admin/invitations', providesTags: ['AdminInvitation'] }),
    adminInvite: build.mutation<CreatedInvitation, { username: string; contact_email?: string; roles: string[]; expiresInHours: number }>({
      query: (body) => ({ url: '/api/admin/invitations', method: 'POST', body }),
      invalidatesTags: changed('AdminInvitation'),
    }),
    adminRevokeInvitation: build.mutation<unknown, number>({
      query: (id) => ({ url: `/api/admin/invitations/${id}`, method: 'DELETE' }),
      invalidatesTags: changed('AdminInvitation'),
    }),
    invitationPreview: build.mutation<{ username: string; first_name: string | null; expires_at: string }, string>({
      query: (token) => ({ url: '/api/admin/invitations/preview', method: 'POST', body: { token } }),
    }),
    acceptInvitation: build.mutation<{ id: number; username: string }, { token: string; password: string }>({
      query: (body) => ({ url: '/api/admin/invitations/accept', method: 'POST', body }),
    }),

    adminGroups: build.query<{ all_groups: AdminGroup[] }, void>({ query: () => '/api/groups', providesTags: ['AdminGroup'] }),
    adminGroup: build.query<AdminGroup & { users: GroupMember[] }, number>({
      query: (id) => `/api/groups/${id}`,
      providesTags: (_result, _error, id) => [{ type: 'AdminGroup', id }],
    }),
    adminAddMember: build.mutation<unknown, { groupId: number; userID: number; admin: boolean }>({
      query: ({ groupId, ...body }) => ({ url: `/api/groups/${groupId}/users`, method: 'POST', body }),
      invalidatesTags: (_result, _error, { groupId }) => changed('AdminUser', { type: 'AdminGroup', id: groupId } as never),
    }),
    adminSetMemberAdmin: build.mutation<unknown, { groupId: number; userID: number; admin: boolean }>({
      query: ({ groupId, ...body }) => ({ url: `/api/groups/${groupId}/users`, method: 'PATCH', body }),
      invalidatesTags: (_result, _error, { groupId }) => changed({ type: 'AdminGroup', id: groupId } as never),
    }),
    adminRemoveMember: build.mutation<unknown, { groupId: number; userId: number }>({
      query: ({ groupId, userId }) => ({ url: `/api/groups/${groupId}/users/${userId}`, method: 'DELETE' }),
      invalidatesTags: (_result, _error, { groupId }) => changed({ type: 'AdminGroup', id: groupId } as never),
    }),

    adminTokens: build.query<AdminToken[], void>({ query: () => ({ url: '/api/internal/tokens', query: { all: true } }), providesTags: ['AdminToken'] }),
    adminRevokeToken: build.mutation<unknown, string>({
      query: (id) => ({ url: `/api/internal/tokens/${encodeURIComponent(id)}`, method: 'DELETE' }),
      invalidatesTags: changed('AdminToken'),
    }),

    adminAudit: build.query<AuditPage, AuditQuery>({
      query: (params) => ({
        url: '/api/admin/audit',
        query: Object.fromEntries(Object.entries(params).filter(([, value]) => value !== '' && value !== undefined)),
      }),
      providesTags: ['AdminAudit'],
    }),
    adminPlugins: build.query<PluginsOverview, void>({ query: () => '/api/admin/plugins' }),
    adminHealth: build.query<HealthReport, void>({ query: () => '/api/admin/health' }),
  }),
});

export const {
  useAdminUsersQuery,
  useAdminAclsQuery,
  useAdminRolesQuery,
  useAdminCreateUserMutation,
  useAdminSetDisabledMutation,
  useAdminGrantAclMutation,
  useAdminRevokeAclMutation,
  useAdminGrantRoleMutation,
  useAdminRevokeRoleMutation,
  useAdminInvitationsQuery,
  useAdminInviteMutation,
  useAdminRevokeInvitationMutation,
  useInvitationPreviewMutation,
  useAcceptInvitationMutation,
  useAdminGroupsQuery,
  useAdminGroupQuery,
  useAdminAddMemberMutation,
  useAdminSetMemberAdminMutation,
  useAdminRemoveMemberMutation,
  useAdminTokensQuery,
  useAdminRevokeTokenMutation,
  useAdminAuditQuery,
  useAdminPluginsQuery,
  useAdminHealthQuery,
} = adminApi;
