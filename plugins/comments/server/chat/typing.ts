/**
 * "… is typing": a signal the chat page sends while its user types (at most every few seconds),
 * passed on to the room and never stored. One signal a second per user and room is plenty; more
 * are dropped here, so a runaway client cannot flood a room.
 */
import type { LiveHub, UserSummary } from '@skyportal/sdk';
import type { ChatLiveMessage } from '../../types.js';
import { roomChannel } from './messages.js';

const MIN_INTERVAL_MS = 1000;

export class TypingSignals {
  private readonly lastSent = new Map<string, number>();

  constructor(private readonly live: LiveHub) {}

  async typing(groupId: number, user: UserSummary): Promise<void> {
    const key = `${groupId}:${user.id}`;
    const now = Date.now();
    if (now - (this.lastSent.get(key) ?? 0) < MIN_INTERVAL_MS) return;
    this.lastSent.set(key, now);
    // The map only ever holds the last second's typists.
    if (this.lastSent.size > 10_000) for (const [k, at] of this.lastSent) if (now - at > MIN_INTERVAL_MS) this.lastSent.delete(k);
    const message: ChatLiveMessage = { type: 'chat.typing', data: { group_id: groupId, user } };
    await this.live.publish(roomChannel(groupId), message, { groupIds: [groupId] });
  }
}
