import type { InstrumentChoice } from './api';
import { fieldOfMessage, instrumentFromHeader, observedAtFromHeader } from './upload';

const instrument = (id: number, name: string): InstrumentChoice => ({ id, name, type: 'spectrograph', telescope: { id: 1, name: 'T', nickname: null } });

describe('what the upload form reads from a header', () => {
  it('takes the date from DATE-OBS, FITS cards included, else from MJD-OBS', () => {
    expect(observedAtFromHeader({ 'DATE-OBS': '2021-09-18T14:48:08' })).toBe('2021-09-18T14:48:08');
    expect(observedAtFromHeader({ 'DATE-OBS': { value: '2020-09-15T09:37:01.5', comment: 'UT' } })).toBe('2020-09-15T09:37:01');
    expect(observedAtFromHeader({ 'MJD-OBS': 59475.5 })).toBe('2021-09-18T12:00:00');
    expect(observedAtFromHeader({ 'DATE-OBS': '2021-09-18' })).toBeNull(); // a date alone is not a time
    expect(observedAtFromHeader(null)).toBeNull();
  });

  it('picks the instrument the header names when exactly one matches', () => {
    const site = [instrument(1, 'SNIFS'), instrument(2, 'LRIS'), instrument(3, 'SPRAT')];
    expect(instrumentFromHeader({ INSTRUMENT: 'SNIFS' }, site)).toBe(1);
    expect(instrumentFromHeader({ INSTRUME: { value: 'LRIS+LRISBLUE', comment: 'Camera' } }, site)).toBe(2);
    expect(instrumentFromHeader({ INSTRUME: 'ALFOSC' }, site)).toBeNull();
    expect(instrumentFromHeader({}, site)).toBeNull();
  });
});

describe('which field a server message is about', () => {
  it('reads the field the API names first, and puts problems in the file on the file', () => {
    expect(fieldOfMessage('observed_at: Invalid ISO datetime')).toBe('observed_at');
    expect(fieldOfMessage('instrument_id: no instrument 7')).toBe('instrument_id');
    expect(fieldOfMessage('fluxes: line 2, column 1: not a number: "x"')).toBe('file');
    expect(fieldOfMessage('ascii: no rows of numbers (wavelength, flux) found')).toBe('file');
    expect(fieldOfMessage('flux_column: there is no column 4; the file has 3 (0 to 2)')).toBe('flux_column');
    expect(fieldOfMessage('Something else went wrong')).toBeNull();
  });
});
