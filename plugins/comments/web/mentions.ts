// The people a text box suggests after `@`: the members of the groups that will read the text.
import { useEffect, useState } from 'react';
import { useDispatch } from 'react-redux';
import { commentsApi, type GroupMember } from './api';

/**
 * The members of `groupIds` (each once), fetched only once `wanted` (the user typed an `@`):
 * those who can read what is being written, so the only people worth mentioning.
 */
export function useGroupMembers(groupIds: readonly number[], wanted: boolean): GroupMember[] {
  const dispatch = useDispatch();
  const [members, setMembers] = useState<GroupMember[]>([]);
  const key = groupIds.join(',');
  useEffect(() => {
    if (!wanted || !key) return undefined;
    // Through the cache: each group's members are fetched once per page, however many boxes ask.
    const requests = key.split(',').map((id) => (dispatch as (action: unknown) => Subscription)(commentsApi.endpoints.groupMembers.initiate(Number(id))));
    let live = true;
    void Promise.allSettled(requests.map((request) => request.unwrap())).then((results) => {
      if (!live) return;
      const all = new Map<number, GroupMember>();
      for (const result of results) if (result.status === 'fulfilled') for (const member of result.value) all.set(member.id, member);
      setMembers([...all.values()].sort((a, b) => a.username.localeCompare(b.username)));
    });
    return () => {
      live = false;
      requests.forEach((request) => request.unsubscribe());
    };
  }, [dispatch, key, wanted]);
  return members;
}

interface Subscription {
  unwrap(): Promise<GroupMember[]>;
  unsubscribe(): void;
}
