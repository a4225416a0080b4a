import { coreServices, definePlugin, inputs, notFound, z } from '@skyportal/sdk';
import { SOURCE_ID_RESERVED, SOURCE_ID_RESERVED_MESSAGE, SOURCE_ID_RULE, sourcesService } from '@skyportal/plugin-sources/types';
import { surveyLinks } from './links.js';
import { optionsSchema } from './options.js';

export * from '../types.js';
export { DEFAULT_SURVEYS } from './default-surveys.js';
export { PLACEHOLDERS } from './placeholders.js';

const sourceId = inputs.textField(SOURCE_ID_RULE).refine((id) => !SOURCE_ID_RESERVED.test(id), SOURCE_ID_RESERVED_MESSAGE);

/**
 * Links from a position to surveys and archives, built from URL patterns in the plugin's options,
 * so a site adds or drops a survey in its config. No tables: a link is made when it is asked for.
 */
export default definePlugin({
  name: 'survey-links',
  dependsOn: ['sources'],
  options: optionsSchema,

  register({ router, services, options }) {
    const sources = services.get(sourcesService);
    const db = services.get(coreServices.db);

    router.get(
      '/api/sources/:id/survey_links',
      {
        access: 'authenticated',
        summary: "Links to the configured surveys at a source's position, in configured order (404 for a source the caller cannot see)",
        tags: ['survey-links', 'sources'],
        params: z.object({ id: sourceId }),
      },
      async ({ user, params }) => {
        if (!(await sources.visibleObj(user, params.id))) throw notFound(`Source ${params.id}`);
        const obj: { ra: number | null; dec: number | null } | undefined = await db('objs').where({ id: params.id }).first('ra', 'dec');
        // An obj without a position (possible for SkyPortal's objs) has no position links.
        if (!obj || obj.ra === null || obj.dec === null) return [];
        return surveyLinks(options, { ra: obj.ra, dec: obj.dec, id: params.id });
      },
    );

    router.get(
      '/api/survey_links',
      {
        access: 'authenticated',
        summary: 'Links to the configured surveys at any position (patterns that need a source id are left out)',
        tags: ['survey-links'],
        query: z.object({
          ra: inputs.raFromText(),
          dec: inputs.finiteFromText(inputs.DEC, 'Declination, degrees, within [-90, 90]'),
        }),
      },
      ({ query }) => surveyLinks(options, { ra: query.ra, dec: query.dec }),
    );
  },
});
