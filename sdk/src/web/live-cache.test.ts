import { configureStore } from '@reduxjs/toolkit';
import { api } from './data';
import { followLiveChannel } from './live-cache';

/** Just enough of a browser WebSocket for the page's connection. */
class FakeSocket {
  static OPEN = 1;
  static instances: FakeSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send() {}
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  confirm(channel: string) {
    this.onmessage?.({ data: JSON.stringify({ channel, type: 'subscribed' }) });
  }
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

test('data that follows a channel is fetched again when the socket comes back, not on the first confirmation', async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket = FakeSocket;
  (globalThis as { window?: unknown }).window = { location: { protocol: 'http:', host: 'test' } };
  let fetches = 0;
  const testApi = api.injectEndpoints({
    endpoints: (build) => ({
      followedThing: build.query<number, string>({
        queryFn: () => ({ data: ++fetches }),
        onCacheEntryAdded: followLiveChannel((id: string) => `source:${id}`),
      }),
    }),
  });
  const store = configureStore({ reducer: { [api.reducerPath]: api.reducer }, middleware: (defaults) => defaults().concat(api.middleware) });
  const subscription = store.dispatch(testApi.endpoints.followedThing.initiate('ZTF1'));
  await subscription;
  expect(fetches).toBe(1);
  const socket = FakeSocket.instances[0]!;
  socket.open();
  socket.confirm('source:ZTF1'); // the first subscription: the data is fresh
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(fetches).toBe(1);
  socket.confirm('source:ZTF1'); // confirmed again after a reconnect: whatever happened meanwhile is fetched
  const shown = () => testApi.endpoints.followedThing.select('ZTF1')(store.getState()).data;
  await until(() => shown() === 2);
  expect(shown()).toBe(2);
  expect(fetches).toBe(2);
  subscription.unsubscribe();
  store.dispatch(api.util.resetApiState()); // no cache timers left running
});
