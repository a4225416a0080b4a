import { useLiveChannel, type LiveMessage } from '@skyportal/sdk/web';

/** Listens to one group's channel (where its filters' new candidates are announced); renders nothing. */
export function GroupChannel({ groupId, onMessage }: { groupId: number; onMessage(message: LiveMessage): void }) {
  useLiveChannel(`group:${groupId}`, onMessage);
  return null;
}
