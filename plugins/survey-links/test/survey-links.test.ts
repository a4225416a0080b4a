// The routes on a real app and PostgreSQL: the shipped surveys' exact URLs for a known source, who
// may see them, any position, a site's own list, and a bad list refused at startup.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { startTestServer, uniqueId, type TestServer, type TwoGroups } from '@skyportal/test-kit';
import { DEFAULT_SURVEYS } from '../server/default-surveys.js';
import type { SurveyLink } from '../types.js';

const plugin = new URL('..', import.meta.url);

let server: TestServer;
let people: TwoGroups;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', plugin] });
  people = await server.twoGroupsWithUsers();
});

async function newSource(ra: number, dec: number, groupIds: number[]): Promise<string> {
  const id = uniqueId('ZTF');
  expect((await server.request('POST', '/api/sources', { body: { id, ra, dec, group_ids: groupIds } })).status).toBe(200);
  return id;
}

const linksOf = (res: { body: { data: SurveyLink[] } }) => Object.fromEntries(res.body.data.map((link) => [link.name, link.url]));

test("a source's links: every shipped survey, in order, at the source's position", async () => {
  const id = await newSource(150, -0.5, [people.groupA]);
  const res = await server.request('GET', `/api/sources/${id}/survey_links`, { token: people.alice.token });
  expect(res.status).toBe(200);
  expect(res.body.data.map((link: SurveyLink) => link.name)).toEqual(DEFAULT_SURVEYS.map((survey) => survey.name));
  expect(res.body.data[0]).toEqual({
    name: 'NED',
    group: 'Catalogs',
    description: expect.stringContaining('Extragalactic'),
    url: 'https://ned.ipac.caltech.edu/conesearch?search_type=Near%20Position%20Search&in_csys=Equatorial&in_equinox=J2000&ra=150.000000d&dec=-0.500000d&radius=1&Z_CONSTRAINT=Unconstrained',
  });
  expect(linksOf(res)).toMatchObject({
    SIMBAD:
      'https://simbad.cds.unistra.fr/simbad/sim-coo?Coord=150.000000%20-0.500000&CooFrame=ICRS&CooEpoch=2000&CooEqui=2000&Radius=10&Radius.unit=arcsec&submit=submit%20query',
    VizieR: 'https://vizier.cds.unistra.fr/viz-bin/VizieR?-c=10:00:00.00%20-00:30:00.0&-c.rs=10&-out.add=_r&-sort=_r',
    'Gaia DR3': 'https://vizier.cds.unistra.fr/viz-bin/VizieR?-source=I/355/gaiadr3&-c=150.000000%20-0.500000&-c.rs=5&-out.add=_r&-sort=_r',
    'Legacy Survey': 'https://www.legacysurvey.org/viewer?ra=150.000000&dec=-0.500000&layer=ls-dr10&zoom=16&mark=150.000000,-0.500000',
    TNS: 'https://www.wis-tns.org/search?ra=150.000000&decl=-0.500000&radius=10&coords_unit=arcsec',
    'ZTF light curve': 'https://irsa.ipac.caltech.edu/cgi-bin/ZTF/nph_light_curves?POS=CIRCLE%20150.000000%20-0.500000%200.000556&FORMAT=html',
    Aladin: 'https://aladin.cds.unistra.fr/AladinLite/?target=150.000000%20-0.500000&fov=0.1&survey=P%2FPanSTARRS%2FDR1%2Fcolor-z-zg-g',
    ADS: 'https://ui.adsabs.harvard.edu/search/q=object%3A%22150.000000%20-0.500000%3A0%201%22&sort=date%20desc',
    MAST: 'https://mast.stsci.edu/portal/Mashup/Clients/Mast/Portal.html?searchQuery=%7B%22service%22%3A%22CAOMDB%22%2C%22inputText%22%3A%22150.000000%20-0.500000%22%7D',
    ESO: 'https://archive.eso.org/scienceportal/home?pos=150.000000,-0.500000&r=0.016667',
  });
});

test('at the north pole and just below RA 360, links carry +90:00:00.0 and 00:00:00.00', async () => {
  const pole = await newSource(359.9999999, 90, [people.groupA]);
  const links = linksOf(await server.request('GET', `/api/sources/${pole}/survey_links`, { token: people.alice.token }));
  expect(links.VizieR).toBe('https://vizier.cds.unistra.fr/viz-bin/VizieR?-c=00:00:00.00%20%2B90:00:00.0&-c.rs=10&-out.add=_r&-sort=_r');
  expect(links.SIMBAD).toContain('Coord=0.000000%20%2B90.000000&');
  expect(links['Extinction']).toBe(
    'https://ned.ipac.caltech.edu/extinction_calculator?in_csys=Equatorial&in_equinox=J2000.0&obs_epoch=2000.0&ra=00:00:00.00&dec=%2B90:00:00.0',
  );
});

test('a source the caller cannot see, or that does not exist, is a 404; signed out is a 401', async () => {
  const hidden = await newSource(10, 10, [people.groupB]);
  expect((await server.request('GET', `/api/sources/${hidden}/survey_links`, { token: people.alice.token })).status).toBe(404);
  expect((await server.request('GET', `/api/sources/${hidden}/survey_links`, { token: people.bob.token })).status).toBe(200);
  const missing = await server.request('GET', '/api/sources/NoSuchSource/survey_links', { token: people.alice.token });
  expect(missing.status).toBe(404);
  expect((await server.request('GET', `/api/sources/${hidden}/survey_links`, { token: null })).status).toBe(401);
});

test('any position: the same links; bad ra or dec is a 400 naming the field', async () => {
  const res = await server.request('GET', '/api/survey_links', { token: people.alice.token, query: { ra: '360', dec: '-90' } });
  expect(res.status).toBe(200);
  expect(linksOf(res).VizieR).toBe('https://vizier.cds.unistra.fr/viz-bin/VizieR?-c=00:00:00.00%20-90:00:00.0&-c.rs=10&-out.add=_r&-sort=_r');
  for (const [query, field] of [
    [{ ra: 'abc', dec: '0' }, 'ra'],
    [{ ra: '10', dec: '90.5' }, 'dec'],
    [{ dec: '0' }, 'ra'],
    [{ ra: '10' }, 'dec'],
  ] as const) {
    const bad = await server.request('GET', '/api/survey_links', { token: people.alice.token, query });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(new RegExp(`\\b${field}: `));
  }
});

test("the shipped config/default.yaml lists the plugin's default surveys", () => {
  const config = YAML.parse(readFileSync(new URL('../../../config/default.yaml', import.meta.url), 'utf8'));
  const entry = config.plugins['survey-links'];
  expect(entry.enabled).toBe(true);
  expect(entry.options).toEqual({ radiusArcsec: 10, surveys: DEFAULT_SURVEYS });
});

describe("a site's own list", () => {
  let site: TestServer;
  const surveys = [
    { name: 'Our broker', group: 'Ours', url: 'https://broker.example.org/objects/{id}?near={ra_hms}{dec_dms}' },
    { name: 'Our archive', url: 'http://archive.example.org/cone?ra={ra}&dec={dec}&r={radius_arcmin}', radiusArcsec: 30, description: 'Our plates' },
  ];
  beforeAll(async () => {
    site = await startTestServer({ plugins: ['sources', { plugin, options: { surveys, radiusArcsec: 5 } }] });
  });
  afterAll(() => site.stop());

  test('replaces the shipped one; links needing a source id are left out for a bare position', async () => {
    const id = await (async () => {
      const objId = uniqueId('ZTF');
      expect((await site.request('POST', '/api/sources', { body: { id: objId, ra: 0.5, dec: -0.5, group_ids: [] } })).status).toBe(200);
      return objId;
    })();
    expect((await site.request('GET', `/api/sources/${id}/survey_links`)).body.data).toEqual([
      { name: 'Our broker', group: 'Ours', description: null, url: `https://broker.example.org/objects/${id}?near=00:02:00.00-00:30:00.0` },
      { name: 'Our archive', group: null, description: 'Our plates', url: 'http://archive.example.org/cone?ra=0.500000&dec=-0.500000&r=0.5' },
    ]);
    expect((await site.request('GET', '/api/survey_links', { query: { ra: 0.5, dec: -0.5 } })).body.data.map((link: SurveyLink) => link.name)).toEqual([
      'Our archive',
    ]);
  });
});

describe('a bad list stops startup, naming the entry', () => {
  test.each([
    [
      { name: 'Typo', url: 'https://x.org/?ra={rah}' },
      /plugins\.survey-links\.options\.surveys\[1\]\.url: survey "Typo": url unknown placeholder \{rah\} \(known: /,
    ],
    [{ name: 'FTP', url: 'ftp://x.org/?ra={ra}' }, /surveys\[1\]\.url: survey "FTP": url must start with http:\/\/ or https:\/\//],
    [{ name: 'Script', url: 'javascript:alert({ra})' }, /surveys\[1\]\.url: survey "Script": url must start with http/],
    [{ name: 'Brace', url: 'https://x.org/?ra={ra' }, /surveys\[1\]\.url: survey "Brace": url unbalanced/],
    [{ name: 'ned', url: 'https://x.org/?ra={ra}' }, /surveys\[1\]\.name: survey "ned" is listed twice/],
    [{ name: 'Wide', url: 'https://x.org/?ra={ra}', radiusArcsec: 0 }, /surveys\[1\]\.radiusArcsec: /],
    [{ url: 'https://x.org/?ra={ra}' }, /surveys\[1\]\.name: /],
  ])('%j', async (bad, message) => {
    const surveys = [{ name: 'NED', url: 'https://ned.example.org/?ra={ra}' }, bad];
    await expect(startTestServer({ plugins: ['sources', { plugin, options: { surveys } }] })).rejects.toThrow(message);
  });
});
