// Draws a light curve with BokehJS. Bokeh (~365 KB gzip) is imported here only, with import(),
// so it is fetched when a plot is first shown and never by pages without one.
import { mjdNow } from '@skyportal/sdk/web';
import { colourFor, splitByFilter } from './series';
import type { DisplayUnit, LightCurve } from './types';

const WEBGL_THRESHOLD = 2000;

let hardwareWebgl: boolean | undefined;

/**
 * Whether WebGL here is drawn by a GPU. A software renderer (SwiftShader, llvmpipe: no GPU, or a
 * blocklisted one) is slower than Bokeh's canvas backend at 10,000 points: in headless chromium
 * the first frame took 1.1–1.3 s against 0.5–0.6 s, and each pan 330–400 ms against 110–210 ms.
 */
function hasHardwareWebgl(): boolean {
  if (hardwareWebgl !== undefined) return hardwareWebgl;
  const gl = document.createElement('canvas').getContext('webgl');
  if (!gl) return (hardwareWebgl = false);
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  hardwareWebgl = !/swiftshader|llvmpipe|softpipe|software/i.test(renderer);
  return hardwareWebgl;
}

type BokehApi = typeof import('@bokeh/bokehjs/build/js/lib/api/main');
let bokehPromise: Promise<BokehApi> | null = null;

function loadBokeh(): Promise<BokehApi> {
  bokehPromise ??= import(/* webpackChunkName: "bokeh" */ '@bokeh/bokehjs/build/js/lib/api/main').catch((error: unknown) => {
    bokehPromise = null; // a failed chunk load (a network blip, a redeploy) is retried on the next draw
    throw error;
  });
  return bokehPromise;
}

/**
 * Starts fetching Bokeh now, without waiting for it. The panel calls this when it mounts, so the
 * ~1.3 MB chunk downloads while the photometry is still being fetched: the first plot then waits
 * for the slower of the two instead of their sum. Failures surface in drawLightCurve.
 */
export function preloadBokeh(): void {
  loadBokeh().catch(() => undefined);
}

export interface DrawnPlot {
  /** The labels Bokeh's legend received, one per filter (exposed for tests as data-legend). */
  legendLabels: string[];
  /** Bokeh's output backend: WebGL for many points on a GPU, else canvas. */
  backend: 'webgl' | 'canvas';
  remove(): void;
}

function paddedRange(values: number[], fraction = 0.04): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return [0, 1];
  const pad = Math.max((max - min) * fraction, 0.5);
  return [min - pad, max + pad];
}

export async function drawLightCurve(target: HTMLElement, curve: LightCurve, format: DisplayUnit): Promise<DrawnPlot> {
  const Bokeh = await loadBokeh();
  const series = splitByFilter(curve, format);
  const allMjd = series.flatMap((s) => [...s.detections.mjd, ...s.limits.mjd]);
  const [xStart, xEnd] = paddedRange(allMjd);
  const now = mjdNow();
  const backend = curve.count > WEBGL_THRESHOLD && hasHardwareWebgl() ? 'webgl' : 'canvas';

  const xRange = new Bokeh.Range1d({ start: xStart, end: xEnd });
  // Days ago runs opposite to MJD; kept in step with the main range on every pan and zoom.
  const daysAgoRange = new Bokeh.Range1d({ start: now - xStart, end: now - xEnd });
  const plot = Bokeh.Plotting.figure({
    height: 420,
    sizing_mode: 'stretch_width',
    x_range: xRange,
    // Magnitudes grow fainter upwards on the number line, so astronomers flip the axis.
    y_range: new Bokeh.DataRange1d({ flipped: format === 'mag' }),
    x_axis_label: 'MJD',
    y_axis_label: format === 'mag' ? 'AB mag' : 'Flux (μJy, zp 23.9)',
    tools: 'pan,box_zoom,wheel_zoom,reset,save',
    output_backend: backend,
    extra_x_ranges: { days_ago: daysAgoRange },
  });
  plot.add_layout(new Bokeh.LinearAxis({ x_range_name: 'days_ago', axis_label: 'Days ago' }), 'above');
  const syncDaysAgo = () => {
    daysAgoRange.setv({ start: now - xRange.start, end: now - xRange.end });
  };
  xRange.on_change([xRange.properties.start, xRange.properties.end], syncDaysAgo);

  const legendItems = [];
  const detectionRenderers = [];
  const limitRenderers = [];
  for (const [index, s] of series.entries()) {
    const colour = colourFor(s.filter, index);
    const renderers = [];
    if (s.detections.mjd.length > 0) {
      const source = new Bokeh.ColumnDataSource({ data: s.detections });
      renderers.push(
        plot.segment({
          x0: { field: 'mjd' },
          y0: { field: 'lower' },
          x1: { field: 'mjd' },
          y1: { field: 'upper' },
          source,
          line_color: colour,
          line_alpha: 0.7,
        }),
      );
      const markers = plot.scatter({
        x: { field: 'mjd' },
        y: { field: 'y' },
        source,
        marker: 'circle',
        size: 6,
        fill_color: colour,
        line_color: colour,
      });
      renderers.push(markers);
      detectionRenderers.push(markers);
    }
    if (s.limits.mjd.length > 0) {
      const source = new Bokeh.ColumnDataSource({ data: s.limits });
      const limits = plot.scatter({
        x: { field: 'mjd' },
        y: { field: 'y' },
        source,
        marker: 'inverted_triangle',
        size: 8,
        fill_color: colour,
        fill_alpha: 0.25,
        line_color: colour,
        line_alpha: 0.6,
      });
      renderers.push(limits);
      limitRenderers.push(limits);
    }
    legendItems.push(new Bokeh.LegendItem({ label: { value: s.filter }, renderers }));
  }

  const unit = format === 'mag' ? '{0.000}' : '{0.00}';
  plot.add_tools(
    new Bokeh.HoverTool({
      renderers: detectionRenderers,
      tooltips: [
        ['MJD', '@mjd{0.00000}'],
        [format === 'mag' ? 'mag' : 'flux', `@y${unit} ± @err${unit}`],
        ['filter', '@filter'],
        ['instrument', '@instrument'],
      ],
    }),
    new Bokeh.HoverTool({
      renderers: limitRenderers,
      tooltips: [
        ['MJD', '@mjd{0.00000}'],
        ['limit', '> @y{0.00}'],
        ['filter', '@filter'],
        ['instrument', '@instrument'],
      ],
    }),
  );
  // One entry per filter covering its markers, error bars and limits: clicking hides them all.
  plot.add_layout(new Bokeh.Legend({ items: legendItems, click_policy: 'hide', location: 'top_left' }), 'right');

  target.replaceChildren();
  const view = await Bokeh.Plotting.show(plot, target);
  return {
    legendLabels: series.map((s) => s.filter),
    backend,
    remove() {
      view.remove();
      target.replaceChildren();
    },
  };
}
