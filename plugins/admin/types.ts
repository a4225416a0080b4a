// Shapes of the admin plugin's answers, shared by its server and web parts (no runtime imports).
import type { AuditRecord, MigrationState, PluginDetails, ProcessSockets, WebLoadError } from '@skyportal/sdk';

export type { AuditRecord };

/** An invitation as admins list it: never its secret. */
export interface Invitation {
  id: number;
  username: string;
  contact_email: string | null;
  first_name: string | null;
  last_name: string | null;
  roles: string[];
  acls: string[];
  group_ids: number[];
  invited_by_id: number | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  user_id: number | null;
  revoked_at: string | null;
  status: 'pending' | 'accepted' | 'expired' | 'revoked';
}

/** `POST /api/admin/invitations`: the link is shown once; only its hash is kept. */
export interface CreatedInvitation {
  id: number;
  /** `<publicUrl>/invite#<secret>`: the secret in the fragment never reaches a server's logs. */
  url: string;
  token: string;
  expires_at: string;
}

export interface PluginsOverview {
  plugins: PluginDetails[];
  webLoadErrors: WebLoadError[];
}

export interface HealthReport {
  database: { reachable: boolean; latencyMs: number | null; error?: string };
  migrations: MigrationState[];
  websockets: ProcessSockets[];
  /** Background job queues: none exist yet (a later issue adds workers). */
  jobQueues: { name: string; pending: number }[];
  jobQueuesNote: string;
}
