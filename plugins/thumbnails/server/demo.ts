/**
 * Demo thumbnails: ZTF's new, reference and difference cutouts of ZTF18aabcvnq (real images from
 * the public SkyPortal repository, see ../demo/LICENSE.md), through the same write path as
 * `POST /api/thumbnail`. The source is saved to the sitewide group (as the photometry demo saves
 * it); a type it has already is not added again, so loading the demo twice adds nothing.
 */
import { readFile } from 'node:fs/promises';
import type { Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import type { ThumbnailType } from '../types.js';
import { addThumbnail, type Store } from './store.js';

/** ZTF18aabcvnq's position, from SkyPortal's data/db_demo.yaml. */
const DEMO_SOURCE = { id: 'ZTF18aabcvnq', ra: 172.0534465, dec: 25.6596908 };
const DEMO_TYPES: ThumbnailType[] = ['new', 'ref', 'sub'];

export async function loadDemoThumbnails(admin: Principal, sources: SourcesService, store: Store, sitewideGroupId: number): Promise<void> {
  await sources.saveSource(admin, { ...DEMO_SOURCE, group_ids: [sitewideGroupId] });
  await store.db.transaction(async (trx) => {
    const have = new Set(await trx('thumbnails').where({ obj_id: DEMO_SOURCE.id }).pluck('type'));
    for (const type of DEMO_TYPES.filter((t) => !have.has(t))) {
      const png = await readFile(new URL(`../demo/${DEMO_SOURCE.id}_${type}.png`, import.meta.url));
      await addThumbnail(store, trx, { objId: DEMO_SOURCE.id, type, png, origin: 'ZTF', survey: 'ZTF', ownerId: admin.id });
    }
  });
}
