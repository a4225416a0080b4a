// Upload a spectrum file: the file is read by the server (POST /api/spectra/parse/ascii, nothing
// stored) and previewed on the plot; the user picks its columns, instrument and date; saving posts
// it with POST /api/spectra/ascii, which keeps the file. A problem is shown with its field named and
// that field marked, and nothing is stored.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { apiErrorOf, useProfile, type ApiError } from '@skyportal/sdk/web';
import type { Source } from '@skyportal/plugin-sources/types';
import type { ParsedSpectrum } from '../types';
import { useParseAsciiSpectrumMutation, useSpectraInstrumentsQuery, useUploadAsciiSpectrumMutation, type AsciiColumns } from './api';
import { fieldOfMessage, instrumentFromHeader, observedAtFromHeader, type UploadField } from './upload';

/** What the panel plots while a file is being uploaded. */
export interface UploadPreview {
  filename: string;
  parsed: ParsedSpectrum;
}

interface Props {
  source: Source;
  onPreview: (preview: UploadPreview | null) => void;
}

interface Problem {
  field: UploadField | null;
  message: string;
}

const DEFAULT_COLUMNS: AsciiColumns = { wave_column: 0, flux_column: 1, fluxerr_column: null };

export function UploadForm({ source, onPreview }: Props) {
  const id = useId();
  const fieldId = (name: UploadField) => `${id}-${name}`;
  const profile = useProfile();
  const groups = (profile?.groups ?? []).filter((g) => !g.single_user_group);
  const { data: instruments = [] } = useSpectraInstrumentsQuery();
  const [parse, { isLoading: parsing }] = useParseAsciiSpectrumMutation();
  const [upload, { isLoading: saving }] = useUploadAsciiSpectrumMutation();
  const fileInput = useRef<HTMLInputElement>(null);

  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [parsed, setParsed] = useState<ParsedSpectrum | null>(null);
  const [columns, setColumns] = useState<AsciiColumns>(DEFAULT_COLUMNS);
  const [instrumentId, setInstrumentId] = useState('');
  const [observedAt, setObservedAt] = useState('');
  const [label, setLabel] = useState('');
  // The source's groups that are the user's: where a new spectrum of it usually belongs.
  const [groupIds, setGroupIds] = useState<Set<number>>(() => new Set(source.groups.map((g) => g.id).filter((gid) => groups.some((g) => g.id === gid))));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState<number | null>(null);

  useEffect(() => () => onPreview(null), [onPreview]);

  const sortedInstruments = useMemo(
    () => [...instruments].sort((a, b) => `${a.telescope.name} ${a.name}`.localeCompare(`${b.telescope.name} ${b.name}`)),
    [instruments],
  );

  async function read(next: { name: string; text: string }, nextColumns: AsciiColumns) {
    setProblem(null);
    setSaved(null);
    try {
      const result = await parse({ ascii: next.text, ...nextColumns }).unwrap();
      setParsed(result);
      onPreview({ filename: next.name, parsed: result });
      return result;
    } catch (failure) {
      const message = apiErrorOf(failure as ApiError)?.message ?? 'Could not read the file';
      setParsed(null);
      onPreview(null);
      setProblem({ field: fieldOfMessage(message) ?? 'file', message });
      return null;
    }
  }

  async function chooseFile(chosen: File | undefined) {
    if (!chosen) return;
    const next = { name: chosen.name, text: await chosen.text() };
    setFile(next);
    setColumns(DEFAULT_COLUMNS);
    const result = await read(next, DEFAULT_COLUMNS);
    // A three-column file is wavelength, flux, error far more often than not.
    if (result && result.column_count >= 3 && !result.column_names) {
      const withErrors = { ...DEFAULT_COLUMNS, fluxerr_column: 2 };
      setColumns(withErrors);
      await read(next, withErrors);
    }
    if (result) {
      const when = observedAtFromHeader(result.altdata);
      if (when && !observedAt) setObservedAt(when);
      const instrument = instrumentFromHeader(result.altdata, instruments);
      if (instrument && !instrumentId) setInstrumentId(String(instrument));
    }
  }

  function chooseColumns(next: AsciiColumns) {
    setColumns(next);
    if (file) void read(file, next);
  }

  function reset() {
    setFile(null);
    setParsed(null);
    setProblem(null);
    setColumns(DEFAULT_COLUMNS);
    setObservedAt('');
    setLabel('');
    onPreview(null);
    if (fileInput.current) fileInput.current.value = '';
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const missing: Problem | null = !file
      ? { field: 'file', message: 'file: choose a spectrum file' }
      : !instrumentId
        ? { field: 'instrument_id', message: 'instrument: choose the instrument the spectrum was taken with' }
        : !observedAt
          ? { field: 'observed_at', message: 'observed at: give the date and time (UTC) of the observation' }
          : null;
    if (missing) {
      setProblem(missing);
      document.getElementById(fieldId(missing.field!))?.focus();
      return;
    }
    setProblem(null);
    try {
      const { id: spectrumId } = await upload({
        ascii: file!.text,
        filename: file!.name,
        obj_id: source.id,
        instrument_id: Number(instrumentId),
        observed_at: `${observedAt.length === 16 ? `${observedAt}:00` : observedAt}Z`,
        ...columns,
        ...(groupIds.size ? { group_ids: [...groupIds] } : {}),
        ...(label.trim() ? { label: label.trim() } : {}),
      }).unwrap();
      reset();
      setSaved(spectrumId);
    } catch (failure) {
      const message = apiErrorOf(failure as ApiError)?.message ?? 'Could not save the spectrum';
      const field = fieldOfMessage(message);
      setProblem({ field, message });
      if (field) document.getElementById(fieldId(field))?.focus();
    }
  }

  const columnCount = parsed?.column_count ?? 0;
  const columnName = (index: number) => (parsed?.column_names?.[index] ? `${index}: ${parsed.column_names[index]}` : `column ${index}`);
  const columnOptions = Array.from({ length: columnCount }, (_, index) => (
    <option key={index} value={index}>
      {columnName(index)}
    </option>
  ));
  const invalid = (name: UploadField) => ({
    'aria-invalid': problem?.field === name,
    'aria-describedby': problem?.field === name ? `${id}-problem` : undefined,
  });
  const headerKeys = parsed?.altdata ? Object.keys(parsed.altdata).length : 0;

  return (
    <form className="sp-form" onSubmit={save} aria-label="Upload a spectrum" noValidate>
      <div className="spectra-upload__grid">
        <label htmlFor={fieldId('file')}>
          Spectrum file (ASCII: wavelength, flux[, error])
          <input
            ref={fileInput}
            id={fieldId('file')}
            type="file"
            accept=".txt,.csv,.dat,.ascii,.asc,.spec,.flm,text/plain,text/csv"
            onChange={(event) => void chooseFile(event.target.files?.[0])}
            {...invalid('file')}
          />
        </label>
        {parsed ? (
          <>
            <label htmlFor={fieldId('wave_column')}>
              Wavelength column (Å)
              <select
                id={fieldId('wave_column')}
                value={columns.wave_column}
                onChange={(e) => chooseColumns({ ...columns, wave_column: Number(e.target.value) })}
                {...invalid('wave_column')}
              >
                {columnOptions}
              </select>
            </label>
            <label htmlFor={fieldId('flux_column')}>
              Flux column
              <select
                id={fieldId('flux_column')}
                value={columns.flux_column}
                onChange={(e) => chooseColumns({ ...columns, flux_column: Number(e.target.value) })}
                {...invalid('flux_column')}
              >
                {columnOptions}
              </select>
            </label>
            <label htmlFor={fieldId('fluxerr_column')}>
              Error column
              <select
                id={fieldId('fluxerr_column')}
                value={columns.fluxerr_column ?? ''}
                onChange={(e) => chooseColumns({ ...columns, fluxerr_column: e.target.value === '' ? null : Number(e.target.value) })}
                {...invalid('fluxerr_column')}
              >
                <option value="">none</option>
                {columnOptions}
              </select>
            </label>
          </>
        ) : null}
        <label htmlFor={fieldId('instrument_id')}>
          Instrument
          <select id={fieldId('instrument_id')} value={instrumentId} onChange={(e) => setInstrumentId(e.target.value)} required {...invalid('instrument_id')}>
            <option value="">Choose…</option>
            {sortedInstruments.map((instrument) => (
              <option key={instrument.id} value={instrument.id}>
                {instrument.telescope.nickname || instrument.telescope.name} / {instrument.name}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={fieldId('observed_at')}>
          Observed at (UTC)
          <input
            id={fieldId('observed_at')}
            type="datetime-local"
            step={1}
            value={observedAt}
            onChange={(e) => setObservedAt(e.target.value)}
            required
            {...invalid('observed_at')}
          />
        </label>
        <label htmlFor={fieldId('label')}>
          Label (optional)
          <input id={fieldId('label')} type="text" maxLength={200} value={label} onChange={(e) => setLabel(e.target.value)} {...invalid('label')} />
        </label>
      </div>
      {groups.length ? (
        <fieldset className="sp-checklist sp-checklist--inline" aria-describedby={problem?.field === 'group_ids' ? `${id}-problem` : undefined}>
          <legend>Share with (you always see your own)</legend>
          {groups.map((group) => (
            <label key={group.id} className="sp-check">
              <input
                type="checkbox"
                checked={groupIds.has(group.id)}
                onChange={() => {
                  const next = new Set(groupIds);
                  if (next.has(group.id)) next.delete(group.id);
                  else next.add(group.id);
                  setGroupIds(next);
                }}
              />
              {group.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      {parsed && file ? (
        <p className="sp-muted" data-testid="upload-preview-summary" style={{ margin: 0 }}>
          Preview of {file.name} on the plot (dashed): {parsed.wavelengths.length} pixels, {parsed.column_count} columns
          {headerKeys ? `, ${headerKeys} header keywords` : ''}
          {parsed.errors ? ', with errors' : ''}. Nothing is stored until you save.
        </p>
      ) : null}
      {problem ? (
        <p id={`${id}-problem`} className="sp-form__error" role="alert">
          {problem.message}
        </p>
      ) : null}
      {saved !== null ? (
        <p role="status" className="sp-muted" style={{ margin: 0 }}>
          Saved spectrum {saved}.
        </p>
      ) : null}
      <div className="sp-form__actions">
        <button type="button" className="sp-button sp-button--quiet" onClick={reset} disabled={!file}>
          Discard
        </button>
        <button type="submit" className="sp-button" disabled={parsing || saving}>
          {saving ? 'Saving…' : 'Save spectrum'}
        </button>
      </div>
    </form>
  );
}
