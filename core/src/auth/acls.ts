/** ACLs core knows; plugins add theirs through `definePlugin({ acls })`. */
export const CORE_ACLS = [
  'System admin',
  'Manage users',
  'Manage groups',
  'Manage sources',
  'Upload data',
  'Comment',
  'Annotate',
  'Classify',
  // Core's because SkyPortal's Group admin role holds Post taxonomy (a plugin's own ACLs reach Super admin only).
  'Post taxonomy',
  'Delete taxonomy',
] as const;

/** SkyPortal's roles. `Super admin` also receives every ACL a plugin introduces. */
export const ROLE_ACLS: Record<string, readonly string[]> = {
  'Super admin': CORE_ACLS,
  'Group admin': ['Annotate', 'Classify', 'Comment', 'Manage sources', 'Manage groups', 'Upload data', 'Post taxonomy'],
  'Full user': ['Annotate', 'Classify', 'Comment', 'Upload data'],
  'View only': [],
};

export const ROLES = Object.keys(ROLE_ACLS);
