// Data shapes the host hands to plugins. They mirror the server's JSON (SkyPortal field names).

export interface GroupRef {
  id: number;
  name: string;
  nickname?: string | null;
  /** Present when the server knows who saved the source to this group. */
  saved_by?: { id: number; username: string } | null;
  saved_at?: string | null;
}

export interface SourceSummary {
  id: string;
  ra: number;
  dec: number;
  redshift: number | null;
  created_at: string;
  saved_at: string | null;
  groups: GroupRef[];
}

export interface UserGroup {
  id: number;
  name: string;
  nickname: string | null;
  single_user_group: boolean;
  admin: boolean;
}

export interface UserProfile {
  id: number;
  username: string;
  first_name: string | null;
  last_name: string | null;
  contact_email: string | null;
  roles: string[];
  acls: string[];
  groups: UserGroup[];
}
