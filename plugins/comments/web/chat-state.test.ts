import type { ChatMessage } from '../types';
import { emptyLog, merge, newestId } from './chat-state';

const message = (id: number, text = `m${id}`): ChatMessage => ({ id, group_id: 1, text, author: null, bot: false, created_at: '2026-12-01T12:00:00' });

describe('a room log', () => {
  it('holds each message once, in id order, whatever order and however often they arrive', () => {
    let log = merge(emptyLog, [message(4), message(5)], true);
    log = merge(log, [message(7)]); // live
    log = merge(log, [message(5), message(6), message(7)]); // a resume overlapping it
    log = merge(log, [message(2), message(3)], false); // an older page
    expect(log.messages.map((m) => m.id)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(log.hasMore).toBe(false);
    expect(newestId(log)).toBe(7);
  });

  it('starts from nothing: resuming after 0 asks for everything', () => {
    expect(newestId(emptyLog)).toBe(0);
  });
});
