import { badRequest } from '@skyportal/sdk';

/** Shapes of an instrument's field of view, as SkyPortal takes them (`field_fov_type`). */
export const FOV_TYPES = ['circle', 'rectangle'] as const;
export type FovType = (typeof FOV_TYPES)[number];

/** Degrees as DS9 region files (and SkyPortal, through astropy regions) write them: 8 decimals. */
const deg = (value: number) => value.toFixed(8);

/**
 * The field of view as a DS9 region centred on (0, 0) in ICRS, the text SkyPortal stores and
 * answers as `region`: a circle of the given radius, or a box of the given width and height
 * (degrees). `attributes` is the radius, or `[radius]`, or `[width, height]`.
 */
export function fovRegion(type: FovType, attributes: number | readonly number[]): string {
  const values = typeof attributes === 'number' ? [attributes] : attributes;
  let shape: string;
  if (type === 'circle') {
    if (values.length !== 1) throw badRequest('field_fov_attributes: a circle takes one value, its radius (degrees)');
    shape = `circle(${deg(0)},${deg(0)},${deg(values[0]!)})`;
  } else {
    if (values.length !== 2) throw badRequest('field_fov_attributes: a rectangle takes two values, its width and height (degrees)');
    shape = `box(${deg(0)},${deg(0)},${deg(values[0]!)},${deg(values[1]!)},${deg(0)})`;
  }
  return `# Region file format: DS9 astropy/regions\nicrs\n${shape}\n`;
}
