// The redshift, expansion-velocity and smoothing controls, and the line toggles. Each value is a
// text box and a slider bound together: the box for typing an exact value, the slider for sweeping.
import { useId } from 'react';
import { LINE_GROUPS } from './lines';
import { SMOOTHING_KINDS, type SmoothingKind } from './smoothing';

export interface NumberField {
  /** What the box shows (kept as typed, so a half-typed "0.0" is not rewritten). */
  text: string;
  /** The last valid value, which the lines use. */
  value: number;
}

export interface LineSettings {
  redshift: NumberField;
  velocity: NumberField;
  smoothing: { kind: SmoothingKind; width: number };
  shown: ReadonlySet<string>;
}

interface Props {
  settings: LineSettings;
  onChange: (next: LineSettings) => void;
}

export const REDSHIFT_LIMIT = 10;
export const VELOCITY_LIMIT_KM_S = 40_000;

/** A field's text after typing: the value changes only when the text is a number in range. */
export function typed(text: string, min: number, max: number, previous: number): NumberField {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  return { text, value: Number.isFinite(value) && value >= min && value <= max ? value : previous };
}

const isValid = (field: NumberField) => field.text.trim() !== '' && Number(field.text) === field.value;

function SliderField(props: {
  label: string;
  unit?: string;
  field: NumberField;
  min: number;
  max: number;
  sliderMax: number;
  step: number;
  onChange: (field: NumberField) => void;
}) {
  const id = useId();
  const { field } = props;
  const invalid = !isValid(field);
  return (
    <div className="spectra-slider">
      <label htmlFor={`${id}-box`}>{props.label}</label>
      <input
        id={`${id}-box`}
        type="number"
        inputMode="decimal"
        min={props.min}
        max={props.max}
        step={props.step}
        value={field.text}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        style={{ width: '7.5em' }}
        onChange={(event) => props.onChange(typed(event.target.value, props.min, props.max, field.value))}
      />
      {props.unit ? <span className="sp-muted">{props.unit}</span> : null}
      <input
        type="range"
        aria-label={`${props.label} slider`}
        min={props.min}
        max={Math.max(props.sliderMax, field.value)}
        step={props.step}
        value={field.value}
        onChange={(event) => props.onChange({ text: event.target.value, value: Number(event.target.value) })}
      />
      {invalid ? (
        <span id={`${id}-error`} className="sp-form__error" style={{ fontSize: '0.8rem' }}>
          {props.label}: a number from {props.min} to {props.max}
        </span>
      ) : null}
    </div>
  );
}

export function LineControls({ settings, onChange }: Props) {
  const widthId = useId();
  const kindId = useId();
  const toggle = (id: string) => {
    const shown = new Set(settings.shown);
    if (shown.has(id)) shown.delete(id);
    else shown.add(id);
    onChange({ ...settings, shown });
  };
  return (
    <div className="spectra-controls">
      <div className="sp-toolbar spectra-controls__row">
        <SliderField
          label="Redshift"
          field={settings.redshift}
          min={0}
          max={REDSHIFT_LIMIT}
          sliderMax={0.5}
          step={0.0001}
          onChange={(redshift) => onChange({ ...settings, redshift })}
        />
        <SliderField
          label="Expansion velocity"
          unit="km/s"
          field={settings.velocity}
          min={0}
          max={VELOCITY_LIMIT_KM_S}
          sliderMax={VELOCITY_LIMIT_KM_S}
          step={100}
          onChange={(velocity) => onChange({ ...settings, velocity })}
        />
        <div className="spectra-slider">
          <label htmlFor={kindId}>Smoothing</label>
          <select
            id={kindId}
            value={settings.smoothing.kind}
            onChange={(event) => onChange({ ...settings, smoothing: { ...settings.smoothing, kind: event.target.value as SmoothingKind } })}
          >
            {SMOOTHING_KINDS.map(({ kind, label }) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
          <label htmlFor={widthId}>width (px)</label>
          <input
            id={widthId}
            type="number"
            min={1}
            max={101}
            step={1}
            value={settings.smoothing.width}
            disabled={settings.smoothing.kind === 'none'}
            style={{ width: '4.5em' }}
            onChange={(event) => {
              const width = Number(event.target.value);
              if (Number.isFinite(width) && width >= 1 && width <= 101) onChange({ ...settings, smoothing: { ...settings.smoothing, width } });
            }}
          />
        </div>
      </div>
      <fieldset className="spectra-lines">
        <legend>Lines</legend>
        {LINE_GROUPS.map((group) => (
          <label key={group.id} className="spectra-line-toggle">
            <input type="checkbox" checked={settings.shown.has(group.id)} onChange={() => toggle(group.id)} />
            <span aria-hidden="true" className="spectra-swatch" style={{ background: group.colour }} />
            {group.name}
          </label>
        ))}
        <button
          type="button"
          className="sp-button sp-button--quiet spectra-lines__clear"
          disabled={settings.shown.size === 0}
          onClick={() => onChange({ ...settings, shown: new Set() })}
        >
          Clear lines
        </button>
      </fieldset>
    </div>
  );
}
