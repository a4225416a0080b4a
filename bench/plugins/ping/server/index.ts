import { definePlugin } from '@skyportal/sdk';

/** One authenticated route that touches no table: the cost of the core's request path alone. */
export default definePlugin({
  name: 'ping',
  register({ router }) {
    router.get('/api/bench/ping', { access: 'authenticated', summary: 'pong' }, ({ user }) => ({ pong: true, user: user.id }));
  },
});
