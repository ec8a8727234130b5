import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { OutcomeSeries } from '../../domain/record/outcome-series.js';
import { codePointLength } from '../../domain/shared/text.js';
import {
  formatValue,
  outcomeChart,
  outcomeTable,
  SERIES_COLOURS,
  seriesLook,
  shortDate,
  type OutcomeChartInput,
} from './outcome-chart.js';

const GAS = { min: -2, max: 2 };
const COPM = { min: 1, max: 10 };
const TOMS = { min: 0, max: 5 };

const series = (
  id: string,
  name: string,
  points: [string, number][],
  measure: OutcomeSeries['measure'] = 'toms',
): OutcomeSeries => ({
  id,
  measure,
  name,
  range: measure === 'gas' ? GAS : measure === 'copm' ? COPM : TOMS,
  points: points.map(([date, value]) => ({ date, value })),
});

const chart = (overrides: Partial<OutcomeChartInput> = {}) =>
  outcomeChart({ id: 'toms', title: 'Therapy Outcome Measures', range: TOMS, series: [], ...overrides });

/** The chart parsed as XML: a chart that is not well-formed fails here. */
function parse(svg: string): Document {
  const doc = new JSDOM(svg, { contentType: 'image/svg+xml' }).window.document;
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return doc;
}

const texts = (doc: Document) => [...doc.querySelectorAll('text')].map((t) => t.textContent);

const THREE = [
  series('toms-impairment', 'Impairment', [
    ['2026-12-03', 2],
    ['2027-06-01', 3],
  ]),
  series('toms-activity', 'Activity', [
    ['2026-12-03', 1.5],
    ['2027-06-01', 4],
  ]),
  series('toms-wellbeing', 'Wellbeing', [
    ['2026-12-03', 3],
    ['2027-06-01', 3.5],
  ]),
];

describe('the outcome chart', () => {
  it('is one image with its own title and description, labelled by their ids', () => {
    const doc = parse(chart({ series: THREE, description: 'Ratings at the start and end of the episode.' }));
    const svg = doc.documentElement;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-labelledby')).toBe('outcome-chart-toms-title');
    expect(svg.getAttribute('aria-describedby')).toBe('outcome-chart-toms-desc');
    expect(doc.getElementById('outcome-chart-toms-title')?.textContent).toBe('Therapy Outcome Measures');
    expect(doc.getElementById('outcome-chart-toms-desc')?.textContent).toBe(
      'Ratings at the start and end of the episode.',
    );
  });

  it('gives each chart on a page its own ids, made safe from the id it is given', () => {
    const a = parse(chart({ id: 'gas' })).documentElement;
    const b = parse(chart({ id: 'copm "x" <y>' })).documentElement;
    expect(a.getAttribute('aria-labelledby')).not.toBe(b.getAttribute('aria-labelledby'));
    expect(b.getAttribute('aria-labelledby')).toBe('outcome-chart-copm--x---y--title');
  });

  it('scales by its viewBox, and has no script, no style, no event handler and nothing external', () => {
    const svg = chart({ series: THREE });
    const doc = parse(svg);
    expect(doc.documentElement.getAttribute('viewBox')).toMatch(/^0 0 640 \d+$/u);
    expect(doc.documentElement.getAttribute('width')).toBe('100%');
    expect(doc.querySelectorAll('script, style, image, use, foreignObject, a')).toHaveLength(0);
    const attributes = [...doc.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name));
    expect(attributes.filter((name) => name === 'style' || name.startsWith('on') || name.includes('href'))).toEqual([]);
    expect(svg).not.toMatch(/url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/u);
  });

  it('labels the axis with the whole scale of the measure', () => {
    const gas = texts(parse(chart({ range: GAS, series: [series('g', 'Goal 1', [['2026-12-03', -1]], 'gas')] })));
    expect(gas.slice(0, 5)).toEqual(['\u22122', '\u22121', '0', '+1', '+2']);
    const copm = texts(
      parse(chart({ range: COPM, series: [series('c', 'Performance', [['2026-12-03', 3]], 'copm')] })),
    );
    expect(copm.slice(0, 10)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(texts(parse(chart({ series: THREE }))).slice(0, 6)).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it('writes the dates of the ratings along the x axis as "3 Dec 2026"', () => {
    const labels = texts(parse(chart({ series: THREE })));
    expect(labels).toContain('3 Dec 2026');
    expect(labels).toContain('1 Jun 2027');
  });

  it('places ratings by date and value: -2 at the bottom left and +2 at the top right', () => {
    const doc = parse(
      chart({
        range: GAS,
        series: [
          series(
            'g',
            'Goal 1',
            [
              ['2026-12-03', -2],
              ['2027-03-03', 2],
            ],
            'gas',
          ),
        ],
      }),
    );
    expect(doc.querySelector('g > path')?.getAttribute('d')).toBe('M56 216 L592 16');
  });

  it('spaces dates by the time between them, not evenly', () => {
    const doc = parse(
      chart({
        series: [
          series('a', 'A', [
            ['2027-01-01', 1],
            ['2027-01-11', 2],
            ['2027-04-11', 3],
          ]),
        ],
      }),
    );
    // 10 days of 100: a tenth of the 536 units across.
    expect(doc.querySelector('g > path')?.getAttribute('d')).toBe('M56 176 L109.6 136 L592 96');
  });

  it('tells each series apart by line pattern and marker shape as well as by colour', () => {
    const doc = parse(chart({ series: THREE }));
    const lines = [...doc.querySelectorAll('g > path[fill="none"]')];
    expect(lines.map((l) => l.getAttribute('stroke-dasharray'))).toEqual([null, '8 4', '2 4']);
    expect(lines.map((l) => l.getAttribute('stroke'))).toEqual(['#005eb8', '#007f3b', '#d5281b']);
    const groups = [...doc.querySelectorAll('g')];
    expect(groups[0]?.querySelectorAll('circle')).toHaveLength(3);
    expect(groups[1]?.querySelectorAll('rect')).toHaveLength(3);
    expect(groups[2]?.querySelectorAll('path[d$="Z"]')).toHaveLength(3);
  });

  it('never gives two series the same look, and the first five differ in colour, pattern and marker', () => {
    const looks = Array.from({ length: 25 }, (_, i) => seriesLook(i));
    expect(new Set(looks.map((l) => `${l.colour}|${String(l.dash)}|${l.marker}`)).size).toBe(25);
    const five = looks.slice(0, 5);
    expect(new Set(five.map((l) => l.colour)).size).toBe(5);
    expect(new Set(five.map((l) => l.dash)).size).toBe(5);
    expect(new Set(five.map((l) => l.marker)).size).toBe(5);
    expect(five.map((l) => l.colour)).toEqual([...SERIES_COLOURS]);
    expect(SERIES_COLOURS).toEqual(['#005eb8', '#007f3b', '#d5281b', '#330072', '#7c2855']);
  });

  it('names every series in a legend with its line and marker', () => {
    const doc = parse(chart({ series: THREE }));
    expect(texts(doc).slice(-3)).toEqual(['Impairment', 'Activity', 'Wellbeing']);
    expect(doc.querySelectorAll('g > line')).toHaveLength(3);
  });

  it('escapes every piece of text, so a series called <script> is only words', () => {
    const hostile = '<script>alert("x")</script> & \'co\'';
    const svg = chart({
      title: hostile,
      series: [series('x', hostile, [['2026-12-03', 2]])],
    });
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    const doc = parse(svg);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(doc.querySelector('title')?.textContent).toBe(hostile);
    expect(texts(doc)).toContain(hostile);
    expect(doc.querySelector('desc')?.textContent).toContain(hostile);
  });

  it('draws a single rating as a marker in the middle, with no line and no NaN', () => {
    const svg = chart({ series: [series('a', 'Activity', [['2026-12-03', 2.5]])] });
    expect(svg).not.toMatch(/NaN|Infinity|undefined/u);
    const doc = parse(svg);
    expect(doc.querySelectorAll('g > path[fill="none"]')).toHaveLength(0);
    const marker = doc.querySelector('g > circle');
    expect([marker?.getAttribute('cx'), marker?.getAttribute('cy')]).toEqual(['324', '116']);
    expect(texts(doc)).toContain('3 Dec 2026');
  });

  it('draws no ratings as empty axes that say so, with no NaN, for no series and for empty ones', () => {
    for (const given of [[], [series('a', 'Activity', [])]]) {
      const svg = chart({ series: given });
      expect(svg).not.toMatch(/NaN|Infinity|undefined/u);
      const doc = parse(svg);
      expect(texts(doc)).toContain('No ratings recorded yet');
      expect(doc.querySelectorAll('g')).toHaveLength(0);
      expect(doc.querySelector('desc')?.textContent).toBe('Therapy Outcome Measures: no ratings recorded yet.');
    }
  });

  it('draws a value outside the range at its edge, and copes with a range of no width', () => {
    const out = parse(chart({ series: [series('a', 'A', [['2026-12-03', 7]])] }));
    expect(out.querySelector('g > circle')?.getAttribute('cy')).toBe('16');
    const flat = chart({ range: { min: 3, max: 3 }, series: [series('a', 'A', [['2026-12-03', 3]])] });
    expect(flat).not.toMatch(/NaN|Infinity/u);
  });

  it('labels the value axis when asked, turned to run up the side', () => {
    const label = parse(chart({ series: THREE, yLabel: 'Rating' })).querySelector('text[transform]');
    expect(label?.textContent).toBe('Rating');
    expect(label?.getAttribute('transform')).toBe('rotate(-90 16 116)');
    expect(parse(chart({ series: THREE })).querySelector('text[transform]')).toBeNull();
  });

  it('leaves out a value that is not a number, with its date, rather than drawing NaN', () => {
    const svg = chart({
      series: [
        series('a', 'A', [
          ['2026-12-03', 1],
          ['2027-01-03', Number.NaN],
          ['2027-06-01', 2],
        ]),
      ],
    });
    expect(svg).not.toMatch(/NaN|Infinity/u);
    const doc = parse(svg);
    expect(doc.querySelectorAll('g > circle')).toHaveLength(3);
    expect(texts(doc)).not.toContain('3 Jan 2027');
  });

  it('labels dates no closer than they can be read, always showing the latest', () => {
    const close = parse(
      chart({
        series: [
          series('a', 'A', [
            ['2027-01-01', 1],
            ['2027-01-02', 2],
            ['2027-01-03', 2],
            ['2027-06-30', 3],
          ]),
        ],
      }),
    );
    const dates = texts(close).filter((t) => t.endsWith('2027'));
    expect(dates).toEqual(['1 Jan 2027', '30 Jun 2027']);
  });

  it('describes each series from its first and latest rating when no description is given', () => {
    const doc = parse(chart({ series: [...THREE.slice(0, 1), series('x', 'Carer', [['2027-06-01', 4.5]])] }));
    expect(doc.querySelector('desc')?.textContent).toBe(
      'Line chart of Therapy Outcome Measures on a scale from 0 to 5. ' +
        'Impairment: 2 ratings, from 2 on 3 Dec 2026 to 3 on 1 Jun 2027. Carer: 4.5 on 1 Jun 2027. ' +
        'The table beside the chart gives every rating.',
    );
  });

  it('shortens a long name in the legend only', () => {
    const long = `Goal 1: ${'fasten buttons '.repeat(10)}`;
    const legend = texts(parse(chart({ series: [series('g', long, [['2026-12-03', 1]])] }))).at(-1) ?? '';
    expect(codePointLength(legend)).toBe(60);
    expect(legend.endsWith('…')).toBe(true);
    expect(outcomeTable([series('g', long, [['2026-12-03', 1]])]).head[1]?.text).toBe(long);
  });
});

describe('dates and numbers on the chart', () => {
  it('writes dates short, without leading zeros', () => {
    expect(shortDate('2026-12-03')).toBe('3 Dec 2026');
    expect(shortDate('2027-01-31')).toBe('31 Jan 2027');
  });

  it('writes numbers as each measure reports them', () => {
    expect(formatValue(-1)).toBe('\u22121');
    expect(formatValue(2.5)).toBe('2.5');
    expect(formatValue(1, 'gas')).toBe('+1');
    expect(formatValue(7, 'copm')).toBe('7.0');
    expect(formatValue(4.5, 'toms')).toBe('4.5');
  });
});

describe('the table beside the chart', () => {
  it('has a row per date and a column per series, with the same numbers as the chart', () => {
    expect(outcomeTable(THREE, 'TOMs ratings')).toEqual({
      caption: 'TOMs ratings',
      firstCellIsHeader: true,
      head: [{ text: 'Date' }, { text: 'Impairment' }, { text: 'Activity' }, { text: 'Wellbeing' }],
      rows: [
        [
          { text: '3 December 2026', header: 'Date' },
          { text: '2', header: 'Impairment' },
          { text: '1.5', header: 'Activity' },
          { text: '3', header: 'Wellbeing' },
        ],
        [
          { text: '1 June 2027', header: 'Date' },
          { text: '3', header: 'Impairment' },
          { text: '4', header: 'Activity' },
          { text: '3.5', header: 'Wellbeing' },
        ],
      ],
      empty: null,
    });
  });

  it('says when a series was not rated on a date, and shows two ratings on one day', () => {
    const table = outcomeTable([
      series(
        'g1',
        'Goal 1',
        [
          ['2026-12-03', -2],
          ['2027-03-31', 0],
          ['2027-03-31', 1],
        ],
        'gas',
      ),
      series('g2', 'Goal 2', [['2026-12-03', -1]], 'gas'),
    ]);
    expect(table.rows.map((r) => r.map((c) => c.text))).toEqual([
      ['3 December 2026', '\u22122', '\u22121'],
      ['31 March 2027', '0, +1', 'Not rated'],
    ]);
  });

  it('writes COPM scores with their decimal', () => {
    const table = outcomeTable([series('p', 'Performance', [['2026-12-03', 3]], 'copm')]);
    expect(table.rows[0]?.[1]?.text).toBe('3.0');
  });

  it('has no rows, and says so, for no ratings', () => {
    expect(outcomeTable([])).toEqual({
      caption: 'Ratings by date',
      firstCellIsHeader: true,
      head: [{ text: 'Date' }],
      rows: [],
      empty: 'No ratings recorded yet',
    });
    expect(outcomeTable([series('a', 'A', [])]).rows).toEqual([]);
  });
});
