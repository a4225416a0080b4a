// Draws a light curve with BokehJS. Bokeh (~365 KB gzip) is imported here only, with import(),
// so it is fetched when a plot is first shown and never by pages without one.
import { mjdNow } from '@skyportal/sdk/web';
import { colourFor, splitByFilter } from './series';
import type { PhotometryFormat, PhotometryPoint } from './types';

const WEBGL_THRESHOLD = 2000;

type BokehApi = typeof import('@bokeh/bokehjs/build/js/lib/api/main');
let bokehPromise: Promise<BokehApi> | null = null;

function loadBokeh(): Promise<BokehApi> {
  bokehPromise ??= import(/* webpackChunkName: "bokeh" */ '@bokeh/bokehjs/build/js/lib/api/main');
  return bokehPromise;
}

export interface DrawnPlot {
  /** The labels Bokeh's legend received, one per filter (exposed for tests as data-legend). */
  legendLabels: string[];
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

export async function drawLightCurve(target: HTMLElement, points: PhotometryPoint[], format: PhotometryFormat): Promise<DrawnPlot> {
  const Bokeh = await loadBokeh();
  const series = splitByFilter(points, format);
  const allMjd = series.flatMap((s) => [...s.detections.mjd, ...s.limits.mjd]);
  const [xStart, xEnd] = paddedRange(allMjd);
  const now = mjdNow();

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
    output_backend: points.length > WEBGL_THRESHOLD ? 'webgl' : 'canvas',
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
          x0: { field: 'mjd' }, y0: { field: 'lower' }, x1: { field: 'mjd' }, y1: { field: 'upper' },
          source, line_color: colour, line_alpha: 0.7,
        }),
      );
      const markers = plot.scatter({
        x: { field: 'mjd' }, y: { field: 'y' }, source, marker: 'circle', size: 6,
        fill_color: colour, line_color: colour,
      });
      renderers.push(markers);
      detectionRenderers.push(markers);
    }
    if (s.limits.mjd.length > 0) {
      const source = new Bokeh.ColumnDataSource({ data: s.limits });
      const limits = plot.scatter({
        x: { field: 'mjd' }, y: { field: 'y' }, source, marker: 'inverted_triangle', size: 8,
        fill_color: colour, fill_alpha: 0.25, line_color: colour, line_alpha: 0.6,
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
    remove() {
      view.remove();
      target.replaceChildren();
    },
  };
}
