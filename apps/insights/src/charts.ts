import * as echarts from 'echarts';
import { type Html, raw } from './html.js';

/**
 * Plots as inline SVG, drawn by Apache ECharts on the server (`ssr: true`, SVG renderer): no script
 * on the page, a few kilobytes per chart, readable on a phone (the SVG scales to the screen's width).
 */
const PALETTE = ['#2f6fdf', '#e0752d', '#3b9c5a', '#c0392b', '#8e44ad', '#7f8c8d'];

export function chart(label: string, option: echarts.EChartsCoreOption, height = 260, width = 640): Html {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  instance.setOption({
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: 'system-ui, sans-serif', fontSize: 12 },
    grid: { left: 48, right: 16, top: 36, bottom: 48, containLabel: true },
    ...option,
  });
  const svg = instance.renderToSVGString();
  instance.dispose();
  const sized = svg.replace(
    /^<svg width="\d+" height="\d+"/,
    `<svg width="100%" role="img" aria-label="${label.replace(/"/g, '&quot;')}" preserveAspectRatio="xMidYMid meet"`,
  );
  return raw(sized);
}

interface Series {
  name: string;
  data: number[];
  stack?: string;
  labels?: boolean;
}

const legend = (series: Series[]) => (series.length > 1 ? { legend: { top: 0 } } : {});

export function bars(
  label: string,
  categories: string[],
  series: Series[],
  options: { horizontal?: boolean; height?: number } = {},
): Html {
  const category = { type: 'category', data: categories, axisLabel: { hideOverlap: true } };
  const value = { type: 'value' };
  return chart(
    label,
    {
      ...legend(series),
      xAxis: options.horizontal ? value : category,
      yAxis: options.horizontal ? { ...category, inverse: true } : value,
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.data,
        ...(s.stack ? { stack: s.stack } : {}),
        label: { show: s.labels ?? false, position: options.horizontal ? 'right' : 'top' },
      })),
    },
    options.height,
  );
}

export function lines(label: string, categories: string[], series: Series[], height?: number): Html {
  return chart(
    label,
    {
      ...legend(series),
      xAxis: { type: 'category', data: categories, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value' },
      series: series.map((s) => ({
        type: 'line',
        name: s.name,
        data: s.data,
        showSymbol: categories.length <= 31,
        label: { show: s.labels ?? false },
      })),
    },
    height,
  );
}

/** Values over an x × y grid, each cell labelled with its value. */
export function heatmap(label: string, x: string[], y: string[], cells: Array<[number, number, number]>): Html {
  const max = Math.max(1, ...cells.map(([, , value]) => value));
  return chart(
    label,
    {
      grid: { left: 110, right: 16, top: 16, bottom: 72 },
      xAxis: { type: 'category', data: x, splitArea: { show: true } },
      yAxis: { type: 'category', data: y, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        inRange: { color: ['#eef4ff', '#2f6fdf'] },
      },
      series: [{ type: 'heatmap', data: cells, label: { show: true } }],
    },
    Math.max(220, 40 * y.length + 110),
  );
}
