/**
 * The plugin's options, checked at startup: a bad survey stops the server with a message naming
 * the entry (its index and name) and what is wrong, instead of a broken link on every source page.
 */
import { z } from '@skyportal/sdk';
import type { SurveyConfig } from '../types.js';
import { DEFAULT_SURVEYS } from './default-surveys.js';
import { fillPattern, placeholdersOf } from './placeholders.js';

/** Radii from 0.01″ to 10°: smaller prints as 0 in `{radius_deg}`, larger is no longer "near". */
const radius = z.number().min(0.01).max(36000);

/** A position and id that every placeholder can be filled from, to check the URL a pattern makes. */
const SAMPLE = { ra: 150, dec: -2.5, radiusArcsec: 10, id: 'ZTF21aaaaaaa' };

/** Why a pattern cannot make an http(s) link, or undefined. */
export function urlProblem(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url)) return 'must start with http:// or https://';
  if (/\s/.test(url)) return 'has whitespace (write a space as %20)';
  const used = placeholdersOf(url);
  if ('problem' in used) return used.problem;
  let parsed: URL;
  try {
    parsed = new URL(fillPattern(url, SAMPLE)!);
  } catch {
    return 'is not a valid URL once its placeholders are filled';
  }
  if (!parsed.hostname) return 'has no host';
  return undefined;
}

const survey = z.object({
  name: z.string().trim().min(1).max(100),
  url: z.string().max(4000),
  description: z.string().trim().min(1).max(500).optional(),
  group: z.string().trim().min(1).max(100).optional(),
  radiusArcsec: radius.optional(),
});

export const optionsSchema = z
  .object({
    /** The links, in the order the panel shows them. A site's list replaces this one whole. */
    surveys: z
      .array(survey)
      .max(200)
      .default(DEFAULT_SURVEYS.map((entry) => ({ ...entry }))),
    /** The radius of surveys that give none, arcseconds. */
    radiusArcsec: radius.default(10),
  })
  .superRefine((options, ctx) => {
    const seen = new Set<string>();
    options.surveys.forEach((entry: SurveyConfig, index) => {
      const problem = urlProblem(entry.url);
      if (problem) ctx.addIssue({ code: 'custom', path: ['surveys', index, 'url'], message: `survey "${entry.name}": url ${problem}: ${entry.url}` });
      const key = entry.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['surveys', index, 'name'], message: `survey "${entry.name}" is listed twice` });
      seen.add(key);
    });
  })
  .default({ surveys: DEFAULT_SURVEYS.map((entry) => ({ ...entry })), radiusArcsec: 10 });

export type SurveyLinksOptions = z.output<typeof optionsSchema>;
