import type { SurveyConfig } from '../types.js';

/**
 * The surveys a site gets when its config names none (config/default.yaml lists the same, so a
 * site sees what it can edit; a test keeps the two equal). Only links a browser can open with a
 * plain GET: upstream's form posts (CRTS, FIRST, the MPC's checker) and date-dependent pages are
 * not patterns and are left out. Radii are those a vetter uses: ~the seeing for catalog matches,
 * wider for environments.
 */
export const DEFAULT_SURVEYS: readonly SurveyConfig[] = Object.freeze([
  {
    name: 'NED',
    group: 'Catalogs',
    description: 'NASA/IPAC Extragalactic Database: objects near the position (host galaxies, redshifts)',
    radiusArcsec: 60,
    url: 'https://ned.ipac.caltech.edu/conesearch?search_type=Near%20Position%20Search&in_csys=Equatorial&in_equinox=J2000&ra={ra}d&dec={dec}d&radius={radius_arcmin}&Z_CONSTRAINT=Unconstrained',
  },
  {
    name: 'SIMBAD',
    group: 'Catalogs',
    description: 'SIMBAD: catalogued objects near the position (known variables, stars, galaxies)',
    url: 'https://simbad.cds.unistra.fr/simbad/sim-coo?Coord={ra}%20{dec_signed}&CooFrame=ICRS&CooEpoch=2000&CooEqui=2000&Radius={radius_arcsec}&Radius.unit=arcsec&submit=submit%20query',
  },
  {
    name: 'VizieR',
    group: 'Catalogs',
    description: 'VizieR: every catalog with a source near the position, nearest first',
    url: 'https://vizier.cds.unistra.fr/viz-bin/VizieR?-c={ra_hms}%20{dec_dms}&-c.rs={radius_arcsec}&-out.add=_r&-sort=_r',
  },
  {
    name: 'Gaia DR3',
    group: 'Catalogs',
    description: 'Gaia DR3 (VizieR I/355): astrometry, parallax and proper motion of stars near the position',
    radiusArcsec: 5,
    url: 'https://vizier.cds.unistra.fr/viz-bin/VizieR?-source=I/355/gaiadr3&-c={ra}%20{dec_signed}&-c.rs={radius_arcsec}&-out.add=_r&-sort=_r',
  },
  {
    name: 'Extinction',
    group: 'Catalogs',
    description: 'NED extinction calculator: Galactic extinction towards the position',
    url: 'https://ned.ipac.caltech.edu/extinction_calculator?in_csys=Equatorial&in_equinox=J2000.0&obs_epoch=2000.0&ra={ra_hms}&dec={dec_dms}',
  },
  {
    name: 'Legacy Survey',
    group: 'Images',
    description: 'DESI Legacy Imaging Surveys viewer (DR10), the position marked',
    url: 'https://www.legacysurvey.org/viewer?ra={ra}&dec={dec}&layer=ls-dr10&zoom=16&mark={ra},{dec}',
  },
  {
    name: 'SDSS',
    group: 'Images',
    description: 'SDSS SkyServer navigator (DR18)',
    url: 'https://skyserver.sdss.org/dr18/VisualTools/navi?ra={ra}&dec={dec}&scale=0.1&opt=G',
  },
  {
    name: 'Pan-STARRS',
    group: 'Images',
    description: 'Pan-STARRS1 image cutouts (STScI), a colour stack 60″ on a side',
    url: 'https://ps1images.stsci.edu/cgi-bin/ps1cutouts?pos={ra}%20{dec_signed}&filter=color&filetypes=stack&size=240',
  },
  {
    name: 'unWISE',
    group: 'Images',
    description: 'unWISE coadds of WISE and NEOWISE (mid-infrared) in the Legacy Survey viewer',
    url: 'https://www.legacysurvey.org/viewer?ra={ra}&dec={dec}&layer=unwise-neo7&zoom=14&mark={ra},{dec}',
  },
  {
    name: 'WISE images',
    group: 'Images',
    description: 'WISE and NEOWISE single exposures and coadds covering the position (IRSA viewer)',
    url: 'https://irsa.ipac.caltech.edu/applications/wise/#id=Hydra_wise_wise_1&RequestClass=ServerRequest&DoSearch=true&intersect=CENTER&mcenter=all&schema=allwise-multiband&dpLevel=3a&band=1,2,3,4&UserTargetWorldPt={ra};{dec};EQ_J2000&projectId=wise&searchName=wise_1',
  },
  {
    name: 'DSS2',
    group: 'Images',
    description: 'Digitized Sky Survey 2, red plates (STScI), 5′ on a side',
    url: 'https://archive.stsci.edu/cgi-bin/dss_search?v=poss2ukstu_red&r={ra}&d={dec}&e=J2000&h=5&w=5&f=gif',
  },
  {
    name: 'Aladin',
    group: 'Images',
    description: 'Aladin Lite on the Pan-STARRS colour survey, 0.1° across',
    url: 'https://aladin.cds.unistra.fr/AladinLite/?target={ra}%20{dec_signed}&fov=0.1&survey=P%2FPanSTARRS%2FDR1%2Fcolor-z-zg-g',
  },
  {
    name: 'TNS',
    group: 'Transients',
    description: 'Transient Name Server: reported transients near the position',
    url: 'https://www.wis-tns.org/search?ra={ra}&decl={dec}&radius={radius_arcsec}&coords_unit=arcsec',
  },
  {
    name: 'ZTF light curve',
    group: 'Transients',
    description: 'ZTF data-release light curves within 2″ (IRSA)',
    radiusArcsec: 2,
    url: 'https://irsa.ipac.caltech.edu/cgi-bin/ZTF/nph_light_curves?POS=CIRCLE%20{ra}%20{dec}%20{radius_deg}&FORMAT=html',
  },
  {
    name: 'ZTF images',
    group: 'Transients',
    description: 'ZTF science, reference and difference images covering the position (IRSA viewer)',
    url: 'https://irsa.ipac.caltech.edu/applications/ztf/#id=Hydra_ztf_ztf_image_pos&RequestClass=ServerRequest&DoSearch=true&intersect=CENTER&mcenter=all&dpLevel=sci,ref,diff&UserTargetWorldPt={ra};{dec};EQ_J2000&projectId=ztf&searchName=ztf_image_pos',
  },
  {
    name: 'ADS',
    group: 'Literature',
    description: 'NASA ADS: papers about objects within 1′ of the position, newest first',
    url: 'https://ui.adsabs.harvard.edu/search/q=object%3A%22{ra}%20{dec_signed}%3A0%201%22&sort=date%20desc',
  },
  {
    name: 'MAST',
    group: 'Archives',
    description: 'MAST portal (HST, JWST, TESS, GALEX, ...) around the position',
    // The portal reads a JSON search (its braces written %7B and %7D, as the README says).
    url: 'https://mast.stsci.edu/portal/Mashup/Clients/Mast/Portal.html?searchQuery=%7B%22service%22%3A%22CAOMDB%22%2C%22inputText%22%3A%22{ra}%20{dec}%22%7D',
  },
  {
    name: 'ESO',
    group: 'Archives',
    description: 'ESO science archive (VLT and others) within 1′',
    radiusArcsec: 60,
    url: 'https://archive.eso.org/scienceportal/home?pos={ra},{dec}&r={radius_deg}',
  },
]);
