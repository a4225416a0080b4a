/**
 * Demo alerts (`skyportal start --demo`, `skyportal load-demo`): the real packets of ../demo go
 * through the one ingest path into the plugin's stream, which the sitewide group and the admin
 * get, with a filter of the sitewide group on it, so the scanning page has candidates. Loading
 * twice adds nothing (the packets are ingested once; the filter is made only on a stream with none).
 */
import { readdir, readFile } from 'node:fs/promises';
import { grantStream, type Knex, type Principal } from '@skyportal/sdk';
import type { CandidatesService } from '@skyportal/plugin-candidates/types';
import type { AlertStreamService } from '../types.js';

const DEMO = new URL('../demo/', import.meta.url);

export interface DemoDeps {
  db: Knex;
  service: AlertStreamService;
  candidates: CandidatesService;
  streamId(name: string): Promise<number>;
  stream: string;
  sitewideGroupId: number;
}

export async function loadDemoAlerts(deps: DemoDeps, admin: Principal): Promise<void> {
  const streamId = await deps.streamId(deps.stream);
  await grantStream(deps.db, streamId, { userIds: [admin.id], groupIds: [deps.sitewideGroupId] });
  if (!(await deps.candidates.filtersForStream(deps.db, streamId)).length) {
    await deps.db.transaction((trx) =>
      deps.candidates.createFilter(trx, {
        name: 'Demo: real-bogus ≥ 0.5',
        streamId,
        groupId: deps.sitewideGroupId,
        conditions: { all: [{ field: 'candidate.rb', op: '>=', value: 0.5 }] },
      }),
    );
  }
  for (const file of (await readdir(DEMO)).filter((name) => name.endsWith('.avro')).sort()) {
    await deps.service.ingest(await readFile(new URL(file, DEMO)), { source: `demo/${file}` });
  }
}
