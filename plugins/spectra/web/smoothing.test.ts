import { kernel, smooth } from './smoothing';

describe('smoothing', () => {
  it('leaves the values alone with no smoothing or a width of one pixel', () => {
    expect(smooth([1, 5, 2], 'none', 9)).toEqual([1, 5, 2]);
    expect(smooth([1, 5, 2], 'boxcar', 1)).toEqual([1, 5, 2]);
  });

  it('averages a boxcar of odd width, renormalised at the ends', () => {
    expect(kernel('boxcar', 2)).toHaveLength(3);
    const out = smooth([0, 0, 3, 0, 0], 'boxcar', 3);
    expect(out).toEqual([0, 1, 1, 1, 0]);
    expect(smooth([2, 4, 6], 'boxcar', 3)[0]).toBeCloseTo(3); // (2 + 4) / 2, not (2 + 4) / 3
  });

  it('keeps a flat spectrum flat and the area under a line with a Gaussian', () => {
    expect(smooth([1, 1, 1, 1, 1, 1, 1], 'gaussian', 3).every((v) => Math.abs(v - 1) < 1e-12)).toBe(true);
    const spike = new Array(41).fill(0);
    spike[20] = 10;
    const out = smooth(spike, 'gaussian', 4);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(10, 10);
    expect(out[20]).toBeLessThan(10);
    expect(out[19]).toBeCloseTo(out[21]!, 12);
    // FWHM of 4 pixels: half the peak two pixels out.
    expect(out[22]! / out[20]!).toBeCloseTo(0.5, 1);
  });

  it('skips pixels that are not numbers rather than spreading them', () => {
    const out = smooth([1, Number.NaN, 3], 'boxcar', 3);
    expect(out[1]).toBeCloseTo(2);
    expect(out.every(Number.isFinite)).toBe(true);
  });
});
