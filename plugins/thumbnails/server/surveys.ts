/**
 * Survey cutouts of a position, as image URLs of the surveys' own services: the viewer's browser
 * fetches them, the server never does. Each is centred on the position and spans about one arcminute
 * (200 px at 0.3″), so the source sits at the centre of every stamp at the same scale.
 */
import type { ThumbnailType } from '../types.js';

const SIZE_PX = 200;
const PIXEL_ARCSEC = 0.3;
const FOV_DEG = (SIZE_PX * PIXEL_ARCSEC) / 3600;

/** Degrees with enough digits for 0.01″ and no exponent. */
const deg = (value: number) => String(Number(value.toFixed(7)));

/** CDS's hips2fits: a cutout of any HiPS survey, as a JPEG centred on the position. */
function hips2fits(hips: string, ra: number, dec: number): string {
  const q = new URLSearchParams({
    hips,
    ra: deg(ra),
    dec: deg(dec),
    fov: String(FOV_DEG),
    width: String(SIZE_PX),
    height: String(SIZE_PX),
    projection: 'TAN',
    format: 'jpg',
  });
  return `https://alasky.cds.unistra.fr/hips-image-services/hips2fits?${q}`;
}

const BUILDERS: Partial<Record<ThumbnailType, (ra: number, dec: number) => string>> = {
  sdss: (ra, dec) =>
    `https://skyserver.sdss.org/dr18/SkyServerWS/ImgCutout/getjpeg?ra=${deg(ra)}&dec=${deg(dec)}&scale=${PIXEL_ARCSEC}&width=${SIZE_PX}&height=${SIZE_PX}`,
  ls: (ra, dec) =>
    `https://www.legacysurvey.org/viewer/jpeg-cutout?ra=${deg(ra)}&dec=${deg(dec)}&size=${SIZE_PX}&layer=ls-dr10&pixscale=${PIXEL_ARCSEC}&bands=griz`,
  // Pan-STARRS' own cutout service answers a page, not an image; CDS serves its colour HiPS directly.
  ps1: (ra, dec) => hips2fits('CDS/P/PanSTARRS/DR1/color-z-zg-g', ra, dec),
  sm: (ra, dec) => hips2fits('CDS/P/Skymapper-color-IRG', ra, dec),
};

/** Types whose cutout is a URL built from the position alone. */
export const POSITION_SURVEYS = Object.keys(BUILDERS) as ThumbnailType[];

/** The survey's cutout URL for the position, or undefined when the survey needs more than a position (HST, Chandra, JWST coverage). */
export function surveyUrl(type: ThumbnailType, ra: number, dec: number): string | undefined {
  return BUILDERS[type]?.(ra, dec);
}

/** What the page calls each survey. */
export const SURVEY_NAMES: Partial<Record<ThumbnailType, string>> = {
  sdss: 'SDSS DR18',
  dr8: 'SDSS DR8',
  ls: 'Legacy Survey DR10',
  ps1: 'Pan-STARRS1 DR1',
  sm: 'SkyMapper',
  hst: 'HST',
  chandra: 'Chandra',
  jwst: 'JWST',
};
