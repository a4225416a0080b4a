// A room's messages as the chat page holds them: by id, each once, oldest first. History pages,
// the answer to a send and live messages all go through `merge`, so whichever arrives twice (a
// resume overlapping what came live, a send's answer and its own live echo) is shown once.
import type { ChatMessage } from '../types';

export interface RoomLog {
  messages: ChatMessage[];
  /** Whether older messages exist than the first one held. */
  hasMore: boolean;
}

export const emptyLog: RoomLog = { messages: [], hasMore: false };

export function merge(log: RoomLog, incoming: readonly ChatMessage[], hasMore = log.hasMore): RoomLog {
  const byId = new Map(log.messages.map((message) => [message.id, message]));
  for (const message of incoming) byId.set(message.id, message);
  return { messages: [...byId.values()].sort((a, b) => a.id - b.id), hasMore };
}

/** The newest id held (0: none), from which the live channel resumes. */
export const newestId = (log: RoomLog): number => log.messages.at(-1)?.id ?? 0;
