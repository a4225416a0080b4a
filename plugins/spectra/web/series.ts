// A source's spectra as the plot draws them: one series each, named, coloured and smoothed. Free
// of Bokeh so it is cheap to test.
import { formatUtc } from '@skyportal/sdk/web';
import type { Spectrum } from '../types';
import { smooth, type SmoothingKind } from './smoothing';

export interface SpectrumSeries {
  /** The spectrum's id, or `preview` for a file being uploaded. */
  key: string;
  /** The legend's text: telescope/instrument and UTC date (text, never markup). */
  name: string;
  colour: string;
  dashed: boolean;
  wavelength: number[];
  /** Normalised (median |flux| = 1), then smoothed. */
  flux: number[];
}

/**
 * Colours one after another for spectra, dark enough to read on white and apart from each other
 * (Paul Tol's "bright" and "muted" schemes, colour-blind safe); element lines are drawn thinner and
 * dashed, so the two kinds are told apart even where hues are near.
 */
const SPECTRUM_COLOURS = ['#4477aa', '#ee6677', '#228833', '#ccbb44', '#66ccee', '#aa3377', '#332288', '#117733', '#882255', '#999933'];

export const colourForIndex = (index: number) => SPECTRUM_COLOURS[index % SPECTRUM_COLOURS.length]!;

export function spectrumName(spectrum: Pick<Spectrum, 'telescope_name' | 'instrument_name' | 'observed_at' | 'label'>): string {
  const where = [spectrum.telescope_name, spectrum.instrument_name].filter(Boolean).join('/');
  const when = formatUtc(spectrum.observed_at).slice(0, 10);
  return [where, when, spectrum.label].filter(Boolean).join(' · ');
}

/** Spectra by observation time, oldest first, so colours stay put when a new one arrives. */
export function byObservation<T extends Pick<Spectrum, 'observed_at' | 'id'>>(spectra: readonly T[]): T[] {
  return [...spectra].sort((a, b) => (a.observed_at < b.observed_at ? -1 : a.observed_at > b.observed_at ? 1 : a.id - b.id));
}

/**
 * Divides by the median |flux|, as the server's `normalization=median` does (falling back to the
 * flux at the median wavelength when that median is 0), for a preview that is not stored yet.
 */
export function medianNormalised(fluxes: readonly number[]): number[] {
  const magnitudes = fluxes.map(Math.abs).sort((a, b) => a - b);
  const n = magnitudes.length;
  if (n === 0) return [];
  const median = n % 2 ? magnitudes[(n - 1) / 2]! : (magnitudes[n / 2 - 1]! + magnitudes[n / 2]!) / 2;
  const scale = median || Math.abs(fluxes[Math.floor(n / 2)]!) || 1;
  return fluxes.map((f) => f / scale);
}

export function seriesOf(spectra: readonly Spectrum[], smoothing: { kind: SmoothingKind; width: number }): SpectrumSeries[] {
  return byObservation(spectra).map((spectrum, index) => ({
    key: String(spectrum.id),
    name: spectrumName(spectrum),
    colour: colourForIndex(index),
    dashed: false,
    wavelength: spectrum.wavelengths,
    flux: smooth(spectrum.fluxes, smoothing.kind, smoothing.width),
  }));
}

/**
 * The flux axis: the 1st to 99th percentile of every pixel drawn, padded, and down to zero. An
 * edge spike or a cosmic ray (a spectrum's first pixels often shoot to 30× the median) would
 * otherwise squash every spectrum into a flat line at the bottom; the reset tool comes back here.
 */
export function fluxRange(series: readonly { flux: readonly number[] }[]): [number, number] {
  const values = series.flatMap((s) => s.flux.filter(Number.isFinite)).sort((a, b) => a - b);
  if (values.length === 0) return [0, 2];
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))]!;
  const low = Math.min(0, at(0.01));
  const high = at(0.99);
  const pad = (high - low) * 0.08 || 0.5;
  return [low - pad, high + pad];
}
