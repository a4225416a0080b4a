import { coreServices, definePlugin, z } from '@skyportal/sdk';

/**
 * Bench-only plugin: one authenticated route that touches no table (the cost of the core's request
 * path alone), and a route that publishes live messages at a given rate (the hub's fan-out).
 */
export default definePlugin({
  name: 'ping',
  register({ router, services }) {
    const live = services.get(coreServices.live);
    const site = services.get(coreServices.site);
    router.get('/api/bench/ping', { access: 'authenticated', summary: 'pong' }, ({ user }) => ({ pong: true, user: user.id }));

    live.authorizeChannel('bench', () => true);

    router.post(
      '/api/bench/publish',
      {
        access: { acl: 'System admin' },
        summary: 'Publish `count` messages over `channels` at `perSecond`',
        body: z.object({ channels: z.array(z.string()).min(1), count: z.number().int().positive(), perSecond: z.number().positive().optional() }),
      },
      async ({ body }) => {
        const audience = { groupIds: [site.sitewideGroupId] };
        const started = Date.now();
        for (let i = 0; i < body.count; i++) {
          if (body.perSecond) {
            const due = started + (i * 1000) / body.perSecond;
            const wait = due - Date.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          }
          const channel = body.channels[i % body.channels.length]!;
          await live.publish(channel, { type: 'bench', data: { i, sentAt: Date.now() } }, audience);
        }
        return { published: body.count, ms: Date.now() - started };
      },
    );
  },
});
