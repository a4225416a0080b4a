import type { SurveyLink } from '../types.js';
import type { SurveyLinksOptions } from './options.js';
import { fillPattern } from './placeholders.js';

/**
 * The configured surveys' links for a position (and a source's id), in configured order. A survey
 * whose pattern needs what the target lacks (`{id}` for a bare position) is left out.
 */
export function surveyLinks(options: SurveyLinksOptions, target: { ra: number; dec: number; id?: string }): SurveyLink[] {
  return options.surveys.flatMap((survey) => {
    const url = fillPattern(survey.url, { ...target, radiusArcsec: survey.radiusArcsec ?? options.radiusArcsec });
    return url === undefined ? [] : [{ name: survey.name, url, description: survey.description ?? null, group: survey.group ?? null }];
  });
}
