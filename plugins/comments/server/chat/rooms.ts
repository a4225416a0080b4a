/**
 * Chat rooms: one per group, entered by its members (system admins: any); the sitewide group's
 * room is everyone's. A room is its group: no table of its own, and it goes with the group.
 */
import { groupSummaries, notFound, type Knex, type Principal } from '@skyportal/sdk';
import type { ChatRoom } from '../../types.js';

export const mayEnter = (user: Principal, groupId: number): boolean => user.isSystemAdmin || user.groupIds.includes(groupId);

/** The room of `groupId`, if the caller may enter it (else the same 404 as for a group that does not exist). */
export async function enterableRoom(db: Knex, user: Principal, groupId: number, sitewideGroupId: number): Promise<ChatRoom> {
  const group = mayEnter(user, groupId) ? (await groupSummaries(db, [groupId])).get(groupId) : undefined;
  if (!group) throw notFound(`Chat room ${groupId}`);
  return { group_id: group.id, name: group.name, nickname: group.nickname, sitewide: group.id === sitewideGroupId };
}

/** The caller's rooms: the sitewide one first, then their groups by name; single-user groups have none. */
export async function roomsOf(db: Knex, user: Principal, sitewideGroupId: number): Promise<ChatRoom[]> {
  const groups = [...(await groupSummaries(db, user.groupIds)).values()].filter((group) => !group.single_user_group);
  return groups
    .map((group) => ({ group_id: group.id, name: group.name, nickname: group.nickname, sitewide: group.id === sitewideGroupId }))
    .sort((a, b) => Number(b.sitewide) - Number(a.sitewide) || a.name.localeCompare(b.name));
}
