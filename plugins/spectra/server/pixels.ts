/**
 * What each pixel array may hold, in one place for every way a spectrum arrives (JSON bodies,
 * ASCII files, changes): wavelengths in Å are positive, fluxes any finite number (a sky-subtracted
 * flux is often negative), errors finite and not negative. NaN and infinities are refused: JSON has
 * no way to send them back.
 */
import { inputs, z } from '@skyportal/sdk';

const rule = (bounds: inputs.Bounds, meaning: string) => ({
  bounds,
  /** Why `value` breaks the rule, or undefined. */
  problem: (value: number) => {
    const problem = inputs.boundsProblem(value, bounds);
    return problem && `${meaning} ${problem}`;
  },
});

export const PIXEL_RULES = {
  wavelengths: rule({ gt: 0 }, 'a wavelength (Å)'),
  fluxes: rule({}, 'a flux'),
  errors: rule({ min: 0 }, 'an error'),
} as const;

export type PixelField = keyof typeof PIXEL_RULES;

/** A pixel array in a JSON body: 1 to `maxPixels` numbers following the field's rule. */
export function pixelArray(field: PixelField, maxPixels: number) {
  const { bounds } = PIXEL_RULES[field];
  return z
    .array(inputs.finite(bounds))
    .min(1, 'must hold at least one value')
    .max(maxPixels, `at most ${maxPixels} values (the most pixels a spectrum may have)`)
    .describe(`1 to ${maxPixels} numbers within ${inputs.describeBounds(bounds)}`);
}
