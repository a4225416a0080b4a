// Core's data shapes that every plugin may see (SkyPortal's field names). A plugin's own shapes
// live in that plugin's types.ts, never here.

export interface UserGroup {
  id: number;
  name: string;
  nickname: string | null;
  single_user_group: boolean;
  admin: boolean;
  /** Whether the user may save sources to it (SkyPortal's `can_save`: a group admin may take it away). */
  can_save: boolean;
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
