// Photometry is never deleted as a side effect: an obj or an instrument with points is refused.
import { startTestServer, type TestServer } from '@skyportal/test-kit';

let server: TestServer;
let telescopeId: number;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['sources', 'photometry'] });
  telescopeId = (await server.request('POST', '/api/telescope', { body: { name: 'Guard 48-inch', nickname: 'G48', diameter: 1.2 } })).body.data.id;
});
afterAll(() => server.stop());

let counter = 0;
async function objWithPoint() {
  const objId = `guard${Date.now().toString(36)}${++counter}`;
  const instrumentId = (
    await server.request('POST', '/api/instrument', { body: { name: `${objId}cam`, type: 'imager', filters: ['ztfg'], telescope_id: telescopeId } })
  ).body.data.id;
  await server.request('POST', '/api/sources', { body: { id: objId, ra: 10, dec: 10 } });
  const posted = await server.request('POST', '/api/photometry', {
    body: { obj_id: objId, instrument_id: instrumentId, mjd: 59000, flux: 12, fluxerr: 1, zp: 23.9, magsys: 'ab', filter: 'ztfg' },
  });
  expect(posted.status).toBe(200);
  return { objId, instrumentId, pointId: posted.body.data.ids[0] as number };
}

test("an obj with photometry is not deleted (SkyPortal's message); without, it is", async () => {
  const { objId, pointId } = await objWithPoint();
  const refused = await server.request('DELETE', `/api/objs/${objId}`);
  expect(refused.status).toBe(400);
  expect(refused.body.message).toBe(`Please remove all associated photometry from object with ID ${objId} before removing.`);
  expect((await server.request('GET', `/api/photometry/${pointId}`)).status).toBe(200);
  expect((await server.request('DELETE', `/api/photometry/${pointId}`)).status).toBe(200);
  expect((await server.request('DELETE', `/api/objs/${objId}`)).status).toBe(200);
});

test('an instrument (or its telescope) with photometry is not deleted', async () => {
  const { instrumentId, pointId } = await objWithPoint();
  const refused = await server.request('DELETE', `/api/instrument/${instrumentId}`);
  expect(refused.status).toBe(400);
  expect(refused.body.message).toMatch(/photometry points must be deleted first/);
  expect((await server.request('DELETE', `/api/telescope/${telescopeId}`)).status).toBe(400);
  expect((await server.request('GET', `/api/photometry/${pointId}`)).status).toBe(200);
  expect((await server.request('GET', `/api/instrument/${instrumentId}`)).status).toBe(200);
});
