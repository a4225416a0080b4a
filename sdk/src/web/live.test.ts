import { jest } from '@jest/globals';
import { LiveConnection } from './live';

/** Just enough of a browser WebSocket to drive LiveConnection by hand. */
class FakeSocket {
  static OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}

describe('LiveConnection', () => {
  beforeEach(() => {
    FakeSocket.instances = [];
    (globalThis as { WebSocket?: unknown }).WebSocket = FakeSocket;
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('shares one socket between subscribers and routes messages by channel', () => {
    const live = new LiveConnection(() => 'ws://test/websocket');
    const a = jest.fn();
    const b = jest.fn();
    live.subscribe('source:A', a);
    live.subscribe('source:B', b);
    expect(FakeSocket.instances).toHaveLength(1);
    const socket = FakeSocket.instances[0];
    socket.open();
    expect(socket.sent).toEqual([
      { action: 'subscribe', channel: 'source:A' },
      { action: 'subscribe', channel: 'source:B' },
    ]);
    socket.onmessage!({ data: JSON.stringify({ channel: 'source:B', type: 'photometry.added', data: {} }) });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith(expect.objectContaining({ type: 'photometry.added' }));
  });

  it('reconnects after a drop and subscribes again', () => {
    const live = new LiveConnection(() => 'ws://test/websocket');
    live.subscribe('source:A', () => undefined);
    FakeSocket.instances[0].open();
    FakeSocket.instances[0].drop();
    jest.advanceTimersByTime(1000);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.instances[1].open();
    expect(FakeSocket.instances[1].sent).toEqual([{ action: 'subscribe', channel: 'source:A' }]);
  });

  it('unsubscribes when the last listener of a channel leaves', () => {
    const live = new LiveConnection(() => 'ws://test/websocket');
    const stopFirst = live.subscribe('source:A', () => undefined);
    const stopSecond = live.subscribe('source:A', () => undefined);
    const socket = FakeSocket.instances[0];
    socket.open();
    stopFirst();
    expect(socket.sent).toHaveLength(1);
    stopSecond();
    expect(socket.sent).toEqual([
      { action: 'subscribe', channel: 'source:A' },
      { action: 'unsubscribe', channel: 'source:A' },
    ]);
    expect(live.channels()).toEqual([]);
  });

  describe('on a resumable channel (messages with ids)', () => {
    const frame = (socket: FakeSocket, message: object) => socket.onmessage!({ data: JSON.stringify(message) });

    it('subscribes again after a drop from the last id it delivered, and delivers a repeated id once', () => {
      const live = new LiveConnection(() => 'ws://test/websocket');
      const got: unknown[] = [];
      live.subscribe('chat:7', (message) => got.push(message.id ?? message.type));
      const first = FakeSocket.instances[0];
      first.open();
      frame(first, { channel: 'chat:7', type: 'chat.message', id: 41 });
      frame(first, { channel: 'chat:7', type: 'chat.message', id: 42 });
      first.drop();
      jest.advanceTimersByTime(1000);
      const second = FakeSocket.instances[1];
      second.open();
      expect(second.sent).toEqual([{ action: 'subscribe', channel: 'chat:7', after: 42 }]);
      // The server resumes; an overlap with what had arrived is dropped here.
      frame(second, { channel: 'chat:7', type: 'subscribed', resumed: 2, more: false });
      frame(second, { channel: 'chat:7', type: 'chat.message', id: 42 });
      frame(second, { channel: 'chat:7', type: 'chat.message', id: 43 });
      expect(got).toEqual([41, 42, 'subscribed', 43]);
    });

    it('starts from the id of the history a component loaded, and drops what that history already held', () => {
      const live = new LiveConnection(() => 'ws://test/websocket');
      const got: unknown[] = [];
      live.subscribe('chat:7', (message) => got.push(message.id), { after: 10 });
      const socket = FakeSocket.instances[0];
      socket.open();
      expect(socket.sent).toEqual([{ action: 'subscribe', channel: 'chat:7', after: 10 }]);
      frame(socket, { channel: 'chat:7', type: 'chat.message', id: 9 });
      frame(socket, { channel: 'chat:7', type: 'chat.message', id: 11 });
      expect(got).toEqual([11]);
    });

    it('an empty history (after: 0) still resumes, so a first message sent while away is not lost', () => {
      const live = new LiveConnection(() => 'ws://test/websocket');
      live.subscribe('chat:8', () => undefined, { after: 0 });
      FakeSocket.instances[0].open();
      FakeSocket.instances[0].drop();
      jest.advanceTimersByTime(1000);
      FakeSocket.instances[1].open();
      expect(FakeSocket.instances[1].sent).toEqual([{ action: 'subscribe', channel: 'chat:8', after: 0 }]);
    });
  });
});
