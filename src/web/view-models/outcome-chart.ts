/**
 * A child's outcome scores over time as an SVG line chart drawn on the server, and the same numbers as an NHS.UK
 * table to show beside it (issue 14 item 5). The chart is one image to assistive technology (`role="img"` with its
 * own title and description); the table is where each number is read. Each series differs from the others by its
 * line pattern and marker shape as well as its colour, so colour is never the only difference. Everything is SVG
 * presentation attributes (no `style`, no script, nothing fetched), so it passes the strict CSP, and every piece of
 * text is escaped.
 */
import { daysBetween } from '../../domain/care/london-time.js';
import { formatLongDate } from '../../domain/shared/dates.js';
import { escapeHtml } from '../../domain/letters/render.js';
import { formatCopmScore } from '../../domain/record/copm.js';
import { formatGasLevel } from '../../domain/record/gas.js';
import { formatTomsScore } from '../../domain/record/toms.js';
import type { AxisRange, OutcomeMeasure, OutcomeSeries } from '../../domain/record/outcome-series.js';

/** The NHS identity colours the series take in turn: blue, green, red, purple and dark pink, each at least 3:1 against white (WCAG 1.4.11). */
export const SERIES_COLOURS = ['#005eb8', '#007f3b', '#d5281b', '#330072', '#7c2855'] as const;
/** Line patterns in turn: solid, dashed, dotted, dash-dot, long dash. */
export const SERIES_DASHES = [null, '8 4', '2 4', '10 4 2 4', '16 6'] as const;
export const SERIES_MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross'] as const;
export type MarkerShape = (typeof SERIES_MARKERS)[number];

const WIDTH = 640;
const LEFT = 56;
const RIGHT = 48;
const TOP = 16;
const PLOT_HEIGHT = 200;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const PLOT_BOTTOM = TOP + PLOT_HEIGHT;
const LEGEND_TOP = PLOT_BOTTOM + 48;
const LEGEND_ROW = 24;
const LABEL_GAP = 80;
const LEGEND_NAME_MAX = 60;
const TEXT = '#212b32';
const AXIS = '#4c6272';
const GRID = '#d8dde0';
const FONT = 'font-family="Frutiger W01, Arial, sans-serif"';

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An ISO date as the chart's axis writes it: 2026-12-03 is "3 Dec 2026". */
export function shortDate(isoDate: string): string {
  const [year = '', month = '', day = ''] = isoDate.split('-');
  return `${String(Number(day))} ${SHORT_MONTHS[Number(month) - 1] ?? ''} ${year}`;
}

/** A number on the axis or in the table, with a true minus sign: "−1", "2.5", "+2" for GAS. */
export function formatValue(value: number, measure?: OutcomeMeasure): string {
  if (measure === 'gas') return formatGasLevel(value);
  if (measure === 'copm') return formatCopmScore(value);
  if (measure === 'toms') return formatTomsScore(value);
  const text = Number.isInteger(value) ? String(Math.abs(value)) : Math.abs(value).toFixed(1);
  return value < 0 ? `\u2212${text}` : text;
}

/** The colour, pattern and marker of the series at a position: all three change together, markers cycle apart. */
export function seriesLook(index: number): { colour: string; dash: string | null; marker: MarkerShape } {
  const n = SERIES_COLOURS.length;
  return {
    colour: SERIES_COLOURS[index % n] ?? SERIES_COLOURS[0],
    dash: SERIES_DASHES[index % n] ?? null,
    marker: SERIES_MARKERS[(index + Math.floor(index / n)) % n] ?? 'circle',
  };
}

const num = (n: number): string => (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/u, '');

function markerSvg(shape: MarkerShape, x: number, y: number, colour: string): string {
  const at = (dx: number, dy: number) => `${num(x + dx)} ${num(y + dy)}`;
  switch (shape) {
    case 'circle':
      return `<circle cx="${num(x)}" cy="${num(y)}" r="4.5" fill="${colour}"/>`;
    case 'square':
      return `<rect x="${num(x - 4)}" y="${num(y - 4)}" width="8" height="8" fill="${colour}"/>`;
    case 'triangle':
      return `<path d="M${at(0, -5.5)} L${at(5, 4)} L${at(-5, 4)} Z" fill="${colour}"/>`;
    case 'diamond':
      return `<path d="M${at(0, -5.5)} L${at(5.5, 0)} L${at(0, 5.5)} L${at(-5.5, 0)} Z" fill="${colour}"/>`;
    case 'cross':
      return `<path d="M${at(-4.5, -4.5)} L${at(4.5, 4.5)} M${at(-4.5, 4.5)} L${at(4.5, -4.5)}" stroke="${colour}" stroke-width="2.5" fill="none"/>`;
  }
}

/** Whole-number ticks across the range: every one up to 10 of them, fewer for a wider scale. */
function yTicks(range: AxisRange): number[] {
  const step = Math.max(1, Math.ceil((range.max - range.min) / 10));
  const ticks: number[] = [];
  for (let v = Math.ceil(range.min); v <= range.max; v += step) ticks.push(v);
  return ticks;
}

/** The dates labelled on the x axis: left to right, skipping any too close to the last one, always the latest. */
function labelledDates(dates: readonly string[], xOf: (date: string) => number): string[] {
  const shown: string[] = [];
  for (const date of dates) {
    const last = shown.at(-1);
    if (last === undefined || xOf(date) - xOf(last) >= LABEL_GAP) shown.push(date);
  }
  const latest = dates.at(-1);
  if (latest !== undefined && shown.at(-1) !== latest) {
    const last = shown.at(-1);
    if (last !== undefined && xOf(latest) - xOf(last) < LABEL_GAP) shown.pop();
    shown.push(latest);
  }
  return shown;
}

const GRAPHEMES = new Intl.Segmenter('en-GB', { granularity: 'grapheme' });

/** A series name short enough for the legend, cut between characters as people see them; the table has it whole. */
function shortened(name: string): string {
  const characters = Array.from(GRAPHEMES.segment(name), (s) => s.segment);
  return characters.length > LEGEND_NAME_MAX ? `${characters.slice(0, LEGEND_NAME_MAX - 1).join('')}…` : name;
}

export interface OutcomeChartInput {
  /** Makes the chart's element ids unique on the page: `copm` gives `outcome-chart-copm-title`. */
  id: string;
  title: string;
  /** What the chart shows in words; without it, one sentence per series from its first and latest rating. */
  description?: string;
  range: AxisRange;
  series: readonly OutcomeSeries[];
  /** The axis label: what the numbers are ("Rating"). */
  yLabel?: string;
}

const finite = (series: OutcomeSeries): OutcomeSeries => ({
  ...series,
  points: series.points.filter((p) => Number.isFinite(p.value)),
});

/** One sentence per series from its first and latest rating, for a chart given no description. */
function defaultDescription(title: string, range: AxisRange, drawn: readonly OutcomeSeries[]): string {
  if (drawn.length === 0) return `${title}: no ratings recorded yet.`;
  const lines = drawn.map(({ name, measure, points }) => {
    const [first, latest] = [points[0], points.at(-1)];
    if (first === undefined || latest === undefined) return '';
    const at = (p: { date: string; value: number }) => `${formatValue(p.value, measure)} on ${shortDate(p.date)}`;
    return points.length === 1
      ? `${name}: ${at(first)}.`
      : `${name}: ${String(points.length)} ratings, from ${at(first)} to ${at(latest)}.`;
  });
  const scale = `from ${formatValue(range.min)} to ${formatValue(range.max)}`;
  return `Line chart of ${title} on a scale ${scale}. ${lines.join(' ')} The table beside the chart gives every rating.`;
}

/** Where a date and a value fall on the plot: dates spaced by the days between them, values clamped to the range. */
function scales(dates: readonly string[], range: AxisRange) {
  const first = dates[0] ?? '';
  const span = dates.length > 1 ? daysBetween(first, dates.at(-1) ?? first) : 0;
  return {
    xOf: (date: string) => (span === 0 ? LEFT + PLOT_WIDTH / 2 : LEFT + (PLOT_WIDTH * daysBetween(first, date)) / span),
    yOf: (value: number) => {
      const clamped = Math.min(range.max, Math.max(range.min, value));
      return TOP + (PLOT_HEIGHT * (range.max - clamped)) / (range.max - range.min);
    },
  };
}

function text(x: number, y: number, anchor: string, content: string, extra = ''): string {
  return `<text x="${num(x)}" y="${num(y)}" text-anchor="${anchor}" ${FONT} font-size="14" fill="${TEXT}"${extra}>${escapeHtml(content)}</text>`;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, extra = ''): string {
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}" stroke-width="${String(width)}"${extra}/>`;
}

/** The grid and value labels, the two axes, the axis label and the labelled dates. */
function axesSvg(input: OutcomeChartInput, range: AxisRange, dates: readonly string[]): string[] {
  const { xOf, yOf } = scales(dates, range);
  const gas = input.series[0]?.measure === 'gas' ? 'gas' : undefined;
  const parts = yTicks(range).flatMap((tick) => [
    line(LEFT, yOf(tick), WIDTH - RIGHT, yOf(tick), GRID, 1),
    text(LEFT - 8, yOf(tick) + 5, 'end', formatValue(tick, gas)),
  ]);
  parts.push(
    line(LEFT, TOP, LEFT, PLOT_BOTTOM, AXIS, 1.5),
    line(LEFT, PLOT_BOTTOM, WIDTH - RIGHT, PLOT_BOTTOM, AXIS, 1.5),
  );
  if (input.yLabel !== undefined) {
    const middle = TOP + PLOT_HEIGHT / 2;
    parts.push(text(16, middle, 'middle', input.yLabel, ` transform="rotate(-90 16 ${num(middle)})"`));
  }
  for (const date of labelledDates(dates, xOf)) {
    parts.push(line(xOf(date), PLOT_BOTTOM, xOf(date), PLOT_BOTTOM + 6, AXIS, 1.5));
    parts.push(text(xOf(date), PLOT_BOTTOM + 24, 'middle', shortDate(date)));
  }
  return parts;
}

/** One series: its line (when it has two ratings or more), a marker at each rating, and its row of the legend. */
function seriesSvg(series: OutcomeSeries, index: number, at: ReturnType<typeof scales>): string {
  const look = seriesLook(index);
  const points = series.points.map((p) => [at.xOf(p.date), at.yOf(p.value)] as const);
  const dash = look.dash === null ? '' : ` stroke-dasharray="${look.dash}"`;
  const parts = ['<g>'];
  if (points.length > 1) {
    const d = points.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${num(x)} ${num(y)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${look.colour}" stroke-width="2.5"${dash}/>`);
  }
  for (const [x, y] of points) parts.push(markerSvg(look.marker, x, y, look.colour));
  const legendY = LEGEND_TOP + index * LEGEND_ROW;
  parts.push(
    line(LEFT, legendY, LEFT + 40, legendY, look.colour, 2.5, dash),
    markerSvg(look.marker, LEFT + 20, legendY, look.colour),
    text(LEFT + 52, legendY + 5, 'start', shortened(series.name)),
    '</g>',
  );
  return parts.join('');
}

/**
 * The chart as an SVG string: axes with their tick labels, the dates of the ratings along the bottom, one line per
 * series with a marker at each rating, and a legend. Values outside the range are drawn at its edge (the table gives
 * them as they are); values that are not numbers are left out. One rating is a marker with no line; no ratings at
 * all is the empty axes with a message.
 */
export function outcomeChart(input: OutcomeChartInput): string {
  const base = `outcome-chart-${input.id.replace(/[^A-Za-z0-9_-]/gu, '-')}`;
  const range = input.range.max > input.range.min ? input.range : { min: input.range.min, max: input.range.min + 1 };
  const drawn = input.series.map(finite).filter((s) => s.points.length > 0);
  const dates = [...new Set(drawn.flatMap((s) => s.points.map((p) => p.date)))].sort();
  const height = LEGEND_TOP + Math.max(1, drawn.length) * LEGEND_ROW;
  const description = input.description ?? defaultDescription(input.title, input.range, drawn);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(WIDTH)} ${String(height)}" width="100%" role="img" aria-labelledby="${base}-title" aria-describedby="${base}-desc" focusable="false" class="app-outcome-chart">`,
    `<title id="${base}-title">${escapeHtml(input.title)}</title>`,
    `<desc id="${base}-desc">${escapeHtml(description)}</desc>`,
    ...axesSvg(input, range, dates),
    drawn.length === 0 ? text(LEFT + PLOT_WIDTH / 2, TOP + PLOT_HEIGHT / 2, 'middle', 'No ratings recorded yet') : '',
    ...drawn.map((series, i) => seriesSvg(series, i, scales(dates, range))),
    '</svg>',
  ].join('');
}

export interface TableCell {
  text: string;
  /** The column's heading, which nhsuk-frontend's responsive table shows beside the cell on a small screen. */
  header: string;
}

export interface OutcomeTable {
  caption: string;
  firstCellIsHeader: true;
  head: { text: string }[];
  rows: TableCell[][];
  /** What to say instead of a table with no rows. */
  empty: string | null;
}

/**
 * The table beside the chart, for nhsuk-frontend's table: one row per date a rating was made (oldest first), one
 * column per series, holding the same numbers the chart draws. Two ratings of one series on one day are both shown;
 * a series not rated that day says so.
 */
export function outcomeTable(series: readonly OutcomeSeries[], caption = 'Ratings by date'): OutcomeTable {
  const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p.date)))].sort();
  const rows = dates.map((date) => [
    { text: formatLongDate(date), header: 'Date' },
    ...series.map((s) => {
      const values = s.points.filter((p) => p.date === date && Number.isFinite(p.value));
      return {
        text: values.length === 0 ? 'Not rated' : values.map((p) => formatValue(p.value, s.measure)).join(', '),
        header: s.name,
      };
    }),
  ]);
  return {
    caption,
    firstCellIsHeader: true,
    head: [{ text: 'Date' }, ...series.map((s) => ({ text: s.name }))],
    rows,
    empty: rows.length === 0 ? 'No ratings recorded yet' : null,
  };
}
