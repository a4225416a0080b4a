/**
 * A point's quality verdict, as SkyPortal's photometry validation: validated, rejected or
 * undecided, with an explanation and notes; one per point. Set by a holder of Manage sources who
 * may change the point (seeing it through one group grants no say over it); shown to everyone who
 * sees the point, with `includeValidationInfo=true` on the source's photometry.
 */
import { badRequest, inputs, z, type Knex, type PluginRouter } from '@skyportal/sdk';
import { mayChange, visiblePoint } from './point-access.js';

export interface PhotometryValidation {
  id: number;
  photometry_id: number;
  validated: boolean | null;
  explanation: string | null;
  notes: string | null;
  validator_id: number | null;
  created_at: string;
  modified: string;
}

const VERDICTS: Record<string, boolean> = { true: true, validated: true, false: false, rejected: false };

/** `true`/`false`, or SkyPortal's words `validated`/`rejected` (any case); null is undecided. */
const verdict = z
  .preprocess((value) => (typeof value === 'string' ? (VERDICTS[value.trim().toLowerCase()] ?? value) : value), z.boolean().nullable())
  .describe('true (validated), false (rejected) or null (undecided); "validated" and "rejected" too');

const validationBody = z.object({
  validated: verdict.optional(),
  explanation: inputs.text(1000).nullable().optional().describe('Why it is validated or rejected (e.g. GOOD SUBTRACTION)'),
  notes: inputs.text(10_000).nullable().optional(),
});
const pointId = z.object({ id: inputs.bigDbId });

const COLUMNS = ['id', 'photometry_id', 'validated', 'explanation', 'notes', 'validator_id', 'created_at', 'modified'];

/** The validations of these points, by point (an empty list where there is none). */
export async function validationsOf(db: Knex, pointIds: readonly number[]): Promise<Map<number, PhotometryValidation[]>> {
  const byPoint = new Map<number, PhotometryValidation[]>();
  if (!pointIds.length) return byPoint;
  const rows: PhotometryValidation[] = await db('photometry_validations')
    .select(COLUMNS)
    .whereRaw('photometry_id = ANY(?::bigint[])', [[...pointIds]]);
  for (const row of rows) byPoint.set(Number(row.photometry_id), [{ ...row, photometry_id: Number(row.photometry_id) }]);
  return byPoint;
}

const notValidated = () => badRequest('Photometry is not validated/rejected');

export function validationRoutes(router: PluginRouter): void {
  const spec = (summary: string) => ({ access: { acl: 'Manage sources' }, summary, tags: ['photometry'], params: pointId });

  router.post(
    '/api/photometry/:id/validation',
    { ...spec('Validate or reject a point (replaces its verdict)'), body: validationBody },
    async ({ user, params, body, db }) => {
      const point = await visiblePoint(db, user, params.id);
      await mayChange(db, user, point);
      const values = { validated: body.validated ?? null, validator_id: user.id, modified: db.fn.now() };
      const texts = Object.fromEntries((['explanation', 'notes'] as const).filter((key) => body[key] !== undefined).map((key) => [key, body[key]]));
      const [row] = await db('photometry_validations')
        .insert({ photometry_id: point.id, ...values, ...texts })
        .onConflict('photometry_id')
        .merge({ ...values, ...texts })
        .returning('id');
      return { id: row.id };
    },
  );

  router.patch('/api/photometry/:id/validation', { ...spec("Change a point's verdict"), body: validationBody }, async ({ user, params, body, db }) => {
    const point = await visiblePoint(db, user, params.id);
    await mayChange(db, user, point);
    const changes = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    const [row] = await db('photometry_validations')
      .where({ photometry_id: point.id })
      .update({ ...changes, validator_id: user.id, modified: db.fn.now() })
      .returning('id');
    if (!row) throw notValidated();
    return { id: row.id };
  });

  router.delete('/api/photometry/:id/validation', spec("Remove a point's verdict"), async ({ user, params, db }) => {
    const point = await visiblePoint(db, user, params.id);
    await mayChange(db, user, point);
    const [row] = await db('photometry_validations').where({ photometry_id: point.id }).delete().returning('id');
    if (!row) throw notValidated();
    return { id: row.id };
  });
}
