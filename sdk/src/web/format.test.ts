import { decToSexagesimal, equatorialToGalactic, formatUtc, mjdNow, mjdToDate, parseUtc, raToSexagesimal } from './format';

describe('raToSexagesimal', () => {
  it('formats hours, minutes and seconds with two decimals', () => {
    // 10h 41m 22.34s = (10 + 41/60 + 22.34/3600) * 15 degrees
    expect(raToSexagesimal((10 + 41 / 60 + 22.34 / 3600) * 15)).toBe('10:41:22.34');
    expect(raToSexagesimal(0)).toBe('00:00:00.00');
  });

  it('carries rounded seconds into the next minute and wraps at 24h', () => {
    expect(raToSexagesimal((59.9999 / 3600) * 15)).toBe('00:01:00.00');
    expect(raToSexagesimal(359.99999999)).toBe('00:00:00.00');
    expect(raToSexagesimal(-15)).toBe('23:00:00.00');
  });
});

describe('decToSexagesimal', () => {
  it('always shows the sign', () => {
    expect(decToSexagesimal(12.5)).toBe('+12:30:00.0');
    expect(decToSexagesimal(-0.5)).toBe('-00:30:00.0');
    expect(decToSexagesimal(-(33 + 2 / 60 + 3.26 / 3600))).toBe('-33:02:03.3');
  });

  it('carries rounded arcseconds into arcminutes and degrees', () => {
    expect(decToSexagesimal(29.99999999)).toBe('+30:00:00.0');
  });

  it('writes a declination that rounds to zero with a plus sign', () => {
    expect(decToSexagesimal(-0.00001)).toBe('+00:00:00.0');
  });
});

describe('equatorialToGalactic', () => {
  it('puts the galactic centre at l=0, b=0', () => {
    const { l, b } = equatorialToGalactic(266.40499, -28.93617);
    expect(Math.min(l, 360 - l)).toBeLessThan(0.01);
    expect(Math.abs(b)).toBeLessThan(0.01);
  });

  it('puts the north galactic pole at b=+90', () => {
    expect(equatorialToGalactic(192.85948, 27.12825).b).toBeCloseTo(90, 3);
  });
});

describe('MJD', () => {
  it('round-trips through Date', () => {
    const date = new Date('2021-03-04T12:00:00Z');
    expect(mjdNow(date)).toBeCloseTo(59277.5, 6);
    expect(mjdToDate(59277.5).toISOString()).toBe('2021-03-04T12:00:00.000Z');
  });
});

describe('timestamps of the API (naive UTC, as SkyPortal writes them)', () => {
  const zone = process.env.TZ;
  // A browser far from Greenwich: a naive timestamp read as local time would be 8 hours off.
  beforeAll(() => (process.env.TZ = 'America/Los_Angeles'));
  afterAll(() => (process.env.TZ = zone));

  it('reads a timestamp without a zone as UTC', () => {
    expect(parseUtc('2021-03-01T12:00:00.123').toISOString()).toBe('2021-03-01T12:00:00.123Z');
    expect(formatUtc('2021-03-01T12:00:00')).toBe('2021-03-01 12:00');
  });

  it('keeps a zone when one is given', () => {
    expect(parseUtc('2021-03-01T12:00:00Z').toISOString()).toBe('2021-03-01T12:00:00.000Z');
    expect(parseUtc('2021-03-01T12:00:00+02:00').toISOString()).toBe('2021-03-01T10:00:00.000Z');
    expect(parseUtc('2021-03-01').toISOString()).toBe('2021-03-01T00:00:00.000Z');
  });
});
