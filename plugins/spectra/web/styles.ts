// The panel's own layout rules, on top of the host's sp-* classes. Rendered as a React 19 <style
// href precedence>, which React hoists into <head> once however many panels are on the page.
export const PANEL_CSS = `
.spectra-controls { display: flex; flex-direction: column; gap: 0.5rem; margin-bottom: 0.5rem; }
.spectra-controls__row { gap: 0.5rem 1.5rem; margin: 0; }
.spectra-slider { display: flex; align-items: center; gap: 0.4rem; flex-wrap: wrap; font-size: 0.9rem; }
.spectra-slider label { font-weight: 600; color: #344054; }
.spectra-slider input[type='number'], .spectra-slider select { font: inherit; padding: 0.2rem 0.4rem; border: 1px solid var(--sp-border); border-radius: 4px; }
.spectra-slider input[type='number'][aria-invalid='true'] { border-color: var(--sp-danger); }
.spectra-slider input[type='range'] { width: 10rem; accent-color: var(--sp-accent); }
.spectra-lines { border: 1px solid var(--sp-border); border-radius: 4px; padding: 0.35rem 0.75rem 0.5rem; margin: 0;
  display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; align-items: center; font-size: 0.85rem; }
.spectra-lines legend { font-weight: 600; color: #344054; padding: 0 0.25rem; }
.spectra-line-toggle { display: inline-flex; align-items: center; gap: 0.3rem; white-space: nowrap; cursor: pointer; }
.spectra-swatch { display: inline-block; width: 0.9rem; height: 0.25rem; border-radius: 1px; }
.spectra-swatch--spectrum { height: 0.7rem; width: 0.7rem; border-radius: 2px; }
.spectra-lines__clear { margin-left: auto; padding: 0.1rem 0.6rem; font-size: 0.8rem; }
.spectra-readout { display: block; min-height: 1.4em; font-family: var(--sp-mono); font-size: 0.82rem; color: var(--sp-muted); margin: 0.25rem 0 0.5rem; }
.spectra-table-scroll { max-height: 520px; overflow: auto; container-type: inline-size; }
/* A spectrum's details sit in a row as wide as the table: kept at the visible left edge and as wide
   as the scroll box (container units), so on a narrow screen they are read without scrolling sideways. */
.spectra-details { position: sticky; left: 0; width: calc(100cqw - 1.5rem); box-sizing: border-box; white-space: normal; padding: 0.25rem 0 0.5rem; }
.spectra-table td, .spectra-table th { white-space: nowrap; }
.spectra-table .sp-button { padding: 0.1rem 0.5rem; font-size: 0.8rem; }
.spectra-upload { border-top: 1px solid var(--sp-border); margin-top: 0.75rem; padding-top: 0.5rem; }
.spectra-upload summary { cursor: pointer; font-weight: 600; }
.spectra-upload .sp-form { margin-top: 0.5rem; }
.spectra-upload__grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.6rem 1rem; }
.spectra-upload [aria-invalid='true'] { border-color: var(--sp-danger); }
`;
