import type { Knex } from '@skyportal/sdk';

/** Demo telescopes and instruments (public facts about real facilities). */
const TELESCOPES = [
  { name: 'Palomar 48-inch', nickname: 'P48', lat: 33.3563, lon: -116.8648, elevation: 1712, diameter: 1.2, robotic: true },
  { name: 'Palomar 60-inch', nickname: 'P60', lat: 33.3563, lon: -116.8631, elevation: 1706, diameter: 1.5, robotic: true },
  { name: 'Keck I Telescope', nickname: 'Keck1', lat: 19.8263, lon: -155.4743, elevation: 4145, diameter: 10.0, robotic: false },
  { name: 'ATLAS Haleakala', nickname: 'ATLAS-HKO', lat: 20.7075, lon: -156.2561, elevation: 3055, diameter: 0.5, robotic: true },
  { name: 'Nordic Optical Telescope', nickname: 'NOT', lat: 28.757, lon: -17.885, elevation: 2382, diameter: 2.56, robotic: false },
  { name: 'Liverpool Telescope', nickname: 'LT', lat: 28.7624, lon: -17.8792, elevation: 2363, diameter: 2.0, robotic: true },
  { name: 'University of Hawaii 88-inch', nickname: 'UH88', lat: 19.823, lon: -155.4694, elevation: 4205, diameter: 2.2, robotic: false },
];

const INSTRUMENTS = [
  { name: 'ZTF', type: 'imager', band: 'optical', filters: ['ztfg', 'ztfr', 'ztfi'], telescope: 'P48' },
  { name: 'SEDM', type: 'imaging spectrograph', band: 'optical', filters: ['sdssu', 'sdssg', 'sdssr', 'sdssi'], telescope: 'P60' },
  { name: 'LRIS', type: 'spectrograph', band: 'optical', filters: [], telescope: 'Keck1' },
  { name: 'ATLAS', type: 'imager', band: 'optical', filters: ['atlasc', 'atlaso'], telescope: 'ATLAS-HKO' },
  // The spectrographs of the spectra plugin's demo spectra.
  { name: 'ALFOSC', type: 'imaging spectrograph', band: 'optical', filters: [], telescope: 'NOT' },
  { name: 'SPRAT', type: 'spectrograph', band: 'optical', filters: [], telescope: 'LT' },
  { name: 'SNIFS', type: 'spectrograph', band: 'optical', filters: [], telescope: 'UH88' },
];

/** Idempotent: rows that exist (by name) are left alone, so load-demo may run any number of times. */
export async function seedInstruments(db: Knex): Promise<void> {
  await db('telescopes').insert(TELESCOPES).onConflict('name').ignore();
  const telescopes = new Map<string, number>((await db('telescopes').select('id', 'nickname')).map((t) => [t.nickname, t.id]));
  const rows = INSTRUMENTS.filter((i) => telescopes.has(i.telescope)).map(({ telescope, ...i }) => ({ ...i, telescope_id: telescopes.get(telescope)! }));
  await db('instruments').insert(rows).onConflict('name').ignore();
}
