// Draws a source's spectra and the chosen element lines with BokehJS. Bokeh (~365 KB gzip) is
// imported here only, with import(), so it is fetched when a plot is first shown and never by pages
// without one. The figure is built once per set of spectra; smoothing, redshift, velocity and line
// toggles only change its data sources, so a zoomed-in view stays where the user put it.
import { fluxRange, type SpectrumSeries } from './series';

type BokehApi = typeof import('@bokeh/bokehjs/build/js/lib/api/main');
let bokehPromise: Promise<BokehApi> | null = null;

function loadBokeh(): Promise<BokehApi> {
  bokehPromise ??= import(/* webpackChunkName: "bokeh" */ '@bokeh/bokehjs/build/js/lib/api/main').catch((error: unknown) => {
    bokehPromise = null; // a failed chunk load (a network blip, a redeploy) is retried on the next draw
    throw error;
  });
  return bokehPromise;
}

/** Starts fetching Bokeh now (the panel calls it on mount), in parallel with the spectra. */
export function preloadBokeh(): void {
  loadBokeh().catch(() => undefined);
}

/** One toggleable group of lines, where the current redshift and velocity put them. */
export interface LineLayer {
  id: string;
  colour: string;
  visible: boolean;
  /** Observed wavelengths, Å. */
  positions: number[];
  labels: string[];
}

export interface SpectraPlot {
  /** New fluxes for the same spectra (smoothing changed). */
  setSeries(series: SpectrumSeries[]): void;
  /** Lines moved (redshift, velocity) or were toggled; `redshift` also sets the rest-frame axis. */
  setLines(layers: LineLayer[], redshift: number): void;
  /** Spectra the user hid from the list (the legend hides them too, by clicking). */
  setHidden(keys: ReadonlySet<string>): void;
  remove(): void;
}

/** The pointer's position in data coordinates, or null when it left the plot. */
export type CursorListener = (at: { wavelength: number; flux: number } | null) => void;

const columnsOf = (s: SpectrumSeries) => ({ wavelength: s.wavelength, flux: s.flux, name: s.wavelength.map(() => s.name) });

function extent(series: SpectrumSeries[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (const w of s.wavelength) {
      if (w < min) min = w;
      if (w > max) max = w;
    }
  }
  if (!Number.isFinite(min)) return [3000, 10000];
  const pad = (max - min) * 0.02 || 50;
  return [min - pad, max + pad];
}

/**
 * Writes what the plot holds onto the element, for tests and anyone inspecting the page: the
 * lines' positions as Bokeh's data sources have them (`data-lines`, JSON `{group: [Å, ...]}` of the
 * visible groups) and the spectra drawn (`data-spectra`, JSON of their legend names).
 */
function expose(target: HTMLElement, name: 'lines' | 'spectra', value: unknown) {
  target.dataset[name] = JSON.stringify(value);
}

export async function drawSpectra(
  target: HTMLElement,
  series: SpectrumSeries[],
  layers: LineLayer[],
  redshift: number,
  onCursor: CursorListener,
): Promise<SpectraPlot> {
  const Bokeh = await loadBokeh();
  const [start, end] = extent(series);
  const [yStart, yEnd] = fluxRange(series);
  const xRange = new Bokeh.Range1d({ start, end });
  // The top axis reads rest-frame wavelengths at the current redshift; kept in step with the bottom one.
  const restRange = new Bokeh.Range1d({ start: start / (1 + redshift), end: end / (1 + redshift) });
  let z = redshift;
  const plot = Bokeh.Plotting.figure({
    height: 440,
    sizing_mode: 'stretch_width',
    x_range: xRange,
    y_range: new Bokeh.Range1d({ start: yStart, end: yEnd }),
    x_axis_label: 'Observed wavelength (Å)',
    y_axis_label: 'Flux (normalised to the median)',
    tools: 'pan,box_zoom,xwheel_zoom,reset,save',
    active_scroll: 'xwheel_zoom',
    extra_x_ranges: { rest: restRange },
    // Line labels sit at a fixed height whatever the flux range: y in [0, 1] of the plot's height.
    extra_y_ranges: { frame: new Bokeh.Range1d({ start: 0, end: 1 }) },
    background_fill_color: '#fcfcfd',
  });
  const restAxis = new Bokeh.LinearAxis({ x_range_name: 'rest', axis_label: `Rest wavelength (Å), z = ${redshift}` });
  plot.add_layout(restAxis, 'above');
  plot.xgrid.grid_line_alpha = 0.5;
  plot.ygrid.grid_line_alpha = 0.5;
  const syncRest = () => restRange.setv({ start: xRange.start / (1 + z), end: xRange.end / (1 + z) });
  xRange.on_change([xRange.properties.start, xRange.properties.end], syncRest);

  // Lines first, so the spectra are drawn over them.
  const lineSources = new Map<string, InstanceType<BokehApi['ColumnDataSource']>>();
  const lineRenderers = new Map<string, { span: { visible: boolean }; labels: { visible: boolean } }>();
  for (const layer of layers) {
    const source = new Bokeh.ColumnDataSource({ data: { x: layer.positions, label: layer.labels } });
    // vspan(x, args): with one positional parameter, Bokeh reads a lone object as `x` itself.
    const span = plot.vspan({ field: 'x' }, { source, line_color: layer.colour, line_width: 1.5, line_alpha: 0.85, line_dash: { value: [6, 3] } });
    const labels = new Bokeh.LabelSet({
      source,
      x: { field: 'x' },
      y: { value: 0.985 },
      y_range_name: 'frame',
      text: { field: 'label' },
      angle: Math.PI / 2,
      text_align: 'right',
      text_baseline: 'bottom',
      x_offset: -1,
      text_font_size: '10px',
      text_color: layer.colour,
      background_fill_color: '#fcfcfd',
      background_fill_alpha: 0.7,
    });
    plot.add_layout(labels);
    span.visible = layer.visible;
    labels.visible = layer.visible;
    lineSources.set(layer.id, source);
    lineRenderers.set(layer.id, { span, labels });
  }

  const spectrumSources = new Map<string, InstanceType<BokehApi['ColumnDataSource']>>();
  const spectrumRenderers = new Map<string, { visible: boolean }>();
  const legendItems = [];
  const hoverable = [];
  for (const s of series) {
    const source = new Bokeh.ColumnDataSource({ data: columnsOf(s) });
    const renderer = plot.line({
      x: { field: 'wavelength' },
      y: { field: 'flux' },
      source,
      line_color: s.colour,
      line_width: s.dashed ? 1.5 : 1.25,
      // An array would be read as a data column: a dash pattern is given as a value.
      line_dash: s.dashed ? { value: [4, 2] } : 'solid',
    });
    spectrumSources.set(s.key, source);
    spectrumRenderers.set(s.key, renderer);
    hoverable.push(renderer);
    legendItems.push(new Bokeh.LegendItem({ label: { value: s.name }, renderers: [renderer] }));
  }
  plot.add_tools(
    new Bokeh.HoverTool({
      renderers: hoverable,
      line_policy: 'nearest',
      // Values are inserted as text (no `{safe}`): a label or instrument name is never markup.
      tooltips: [
        ['spectrum', '@name'],
        ['λ', '@wavelength{0.0} Å'],
        ['flux', '@flux{0.000}'],
      ],
    }),
    new Bokeh.CrosshairTool({ dimensions: 'height', line_alpha: 0.4 }),
  );
  plot.add_layout(
    new Bokeh.Legend({
      items: legendItems,
      click_policy: 'hide',
      location: 'top_right',
      label_text_font_size: '11px',
      background_fill_alpha: 0.8,
      spacing: 0,
      padding: 6,
    }),
  );
  plot.on_event('mousemove', (event) => {
    if (event.x != null && event.y != null) onCursor({ wavelength: event.x, flux: event.y });
  });
  plot.on_event('mouseleave', () => onCursor(null));

  const exposeLines = () =>
    expose(
      target,
      'lines',
      Object.fromEntries(
        [...lineSources].filter(([id]) => lineRenderers.get(id)!.span.visible).map(([id, source]) => [id, [...(source.get_column('x') ?? [])]]),
      ),
    );

  target.replaceChildren();
  const view = await Bokeh.Plotting.show(plot, target);
  expose(
    target,
    'spectra',
    series.map((s) => s.name),
  );
  exposeLines();

  return {
    setSeries(next) {
      for (const s of next) spectrumSources.get(s.key)?.setv({ data: columnsOf(s) });
    },
    setLines(next, nextRedshift) {
      z = nextRedshift;
      syncRest();
      restAxis.axis_label = `Rest wavelength (Å), z = ${nextRedshift}`;
      for (const layer of next) {
        const renderers = lineRenderers.get(layer.id);
        if (!renderers) continue;
        lineSources.get(layer.id)!.setv({ data: { x: layer.positions, label: layer.labels } });
        renderers.span.visible = layer.visible;
        renderers.labels.visible = layer.visible;
      }
      exposeLines();
    },
    setHidden(keys) {
      for (const [key, renderer] of spectrumRenderers) renderer.visible = !keys.has(key);
    },
    remove() {
      view.remove();
      target.replaceChildren();
    },
  };
}
