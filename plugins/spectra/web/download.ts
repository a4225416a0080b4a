// What "Download" saves: the uploaded file itself when there is one, else the stored pixels as CSV.
import type { Spectrum } from '../types';

export interface DownloadFile {
  filename: string;
  text: string;
  type: string;
}

const safeName = (text: string) => text.replace(/[^A-Za-z0-9._+-]+/g, '_').replace(/^_+|_+$/g, '');

/** The stored (not normalised) pixels, with what the spectrum is as `#` comment lines. */
export function spectrumCsv(spectrum: Spectrum): DownloadFile {
  const header = [
    `# obj_id: ${spectrum.obj_id}`,
    `# spectrum_id: ${spectrum.id}`,
    `# telescope: ${spectrum.telescope_name}`,
    `# instrument: ${spectrum.instrument_name}`,
    `# observed_at: ${spectrum.observed_at} UTC`,
    `# units: ${spectrum.units ?? 'arbitrary'}`,
    '# wavelength in Angstrom',
  ];
  const errors = spectrum.errors;
  const columns = errors ? 'wavelength,flux,flux_error' : 'wavelength,flux';
  const rows = spectrum.wavelengths.map((w, i) => (errors ? `${w},${spectrum.fluxes[i]},${errors[i]}` : `${w},${spectrum.fluxes[i]}`));
  const date = spectrum.observed_at.slice(0, 10);
  return {
    filename: `${safeName(`${spectrum.obj_id}_${spectrum.instrument_name}_${date}_${spectrum.id}`)}.csv`,
    text: [...header, columns, ...rows, ''].join('\n'),
    type: 'text/csv',
  };
}

/** The file as uploaded, under its own name, when the spectrum came from one. */
export function originalFile(spectrum: Spectrum): DownloadFile | null {
  if (!spectrum.original_file_string || !spectrum.original_file_filename) return null;
  return { filename: safeName(spectrum.original_file_filename) || `spectrum_${spectrum.id}.txt`, text: spectrum.original_file_string, type: 'text/plain' };
}

/** Hands a file to the browser's download. */
export function saveFile(file: DownloadFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
