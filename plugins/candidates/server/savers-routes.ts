/** `GET /api/internal/source_savers`: who saved the most candidates lately (the scanning page's leaderboard). */
import { inputs, scopeToGroups, userSummaries, z, type PluginRouter } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';

const saversQuery = z.object({
  maxNumSavers: inputs.integerFromText(1, 1000).default(100),
  sinceDaysAgo: inputs.finiteFromText({ min: 0, max: 36_500 }).default(7),
  candidatesOnly: inputs.flag().default(true),
});

export function saverRoutes(router: PluginRouter, sources: SourcesService): void {
  router.get(
    '/api/internal/source_savers',
    {
      access: 'authenticated',
      tags: ['candidates'],
      summary: 'Users by the objs they saved to your groups lately (candidates only, by default), most first',
      query: saversQuery,
    },
    async ({ user, db, query }) => {
      const savings = scopeToGroups(sources.savingsOf(db), user, { groupColumn: 's.group_id' })
        .whereNotNull('s.saved_by_id')
        .where('s.saved_at', '>=', db.raw('now() - make_interval(secs => ?)', [query.sinceDaysAgo * 86_400]));
      if (query.candidatesOnly) savings.whereExists(db('candidates as c').select(db.raw('1')).whereRaw('c.obj_id = s.obj_id'));
      const rows: { saved_by_id: number; saves: string }[] = await savings
        .groupBy('s.saved_by_id')
        .select('s.saved_by_id', db.raw('count(DISTINCT s.obj_id) AS saves'))
        .orderBy([
          { column: 'saves', order: 'desc' },
          { column: 's.saved_by_id', order: 'asc' },
        ])
        .limit(query.maxNumSavers);
      const authors = await userSummaries(
        db,
        rows.map((row) => row.saved_by_id),
      );
      return rows.map((row, index) => ({ rank: index + 1, author: authors.get(row.saved_by_id) ?? null, saves: Number(row.saves) }));
    },
  );
}
