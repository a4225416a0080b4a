/**
 * Demo data (`skyportal load-demo`): the time-domain taxonomy this plugin ships
 * (../demo/time-domain-taxonomy.yaml), shared sitewide, and a classification of a demo source.
 * Through the same checks as the API; loading the demo twice adds nothing.
 */
import { readFile } from 'node:fs/promises';
import { inputs, z, type Knex, type Principal } from '@skyportal/sdk';
import type { SourcesService } from '@skyportal/plugin-sources/types';
import { classNames } from '../types.js';
import { hierarchy } from './hierarchy.js';
import { insertClassifications } from './store.js';
import { insertTaxonomy } from './taxonomies.js';
import { parse as parseYaml } from 'yaml';

const demoFile = z.object({ name: z.string(), version: z.string(), provenance: z.string(), hierarchy });

/** The shipped taxonomy, parsed and checked as a posted one is. */
export async function demoTaxonomy() {
  const text = await readFile(new URL('../demo/time-domain-taxonomy.yaml', import.meta.url), 'utf8');
  return inputs.parseOrBadRequest(demoFile, parseYaml(text), 'demo/time-domain-taxonomy.yaml');
}

// Position of ZTF21aaqjmps as the photometry plugin's demo has it; saved here too, so this demo
// does not depend on which other plugins are enabled.
const DEMO_SOURCE = { id: 'ZTF21aaqjmps', ra: 202.5050541, dec: 13.4111859, redshift: 0.0246 };
const DEMO_CLASSIFICATION = { classification: 'Ia', probability: 0.88, origin: 'demo light-curve fit', ml: false };

export async function loadDemoClassifications(db: Knex, admin: Principal, sources: SourcesService, sitewideGroupId: number): Promise<void> {
  const tree = await demoTaxonomy();
  if (!classNames(tree.hierarchy).includes(DEMO_CLASSIFICATION.classification))
    throw new Error('classifications demo: the demo class is not in the shipped taxonomy');
  const existing = await db('taxonomies').where({ name: tree.name, version: tree.version }).first('id');
  const taxonomyId: number =
    existing?.id ??
    (await insertTaxonomy(db, admin, {
      name: tree.name,
      version: tree.version,
      provenance: tree.provenance,
      hierarchy: tree.hierarchy,
      isLatest: true,
      groupIds: [sitewideGroupId],
    }));
  await sources.saveSource(admin, { ...DEMO_SOURCE, group_ids: [sitewideGroupId] });
  const done = await db('classifications')
    .where({ obj_id: DEMO_SOURCE.id, taxonomy_id: taxonomyId, classification: DEMO_CLASSIFICATION.classification })
    .first('id');
  if (done) return;
  await insertClassifications(db, admin, [
    { ...DEMO_CLASSIFICATION, obj_id: DEMO_SOURCE.id, taxonomy_id: taxonomyId, groupIds: [sitewideGroupId], vote: true },
  ]);
}
