// Mounts ECharts (modular import: only the pieces the page uses) and renders option objects built by charts/.
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, DataZoomComponent, CanvasRenderer]);

export class ChartView {
  private chart: echarts.ECharts;

  constructor(private readonly el: HTMLElement) {
    this.chart = echarts.init(el, undefined, { renderer: 'canvas' });
    window.addEventListener('resize', () => this.chart.resize());
  }

  render(option: Record<string, unknown>, seriesCount: number): void {
    this.chart.setOption(option, { notMerge: true });
    this.el.dataset.series = String(seriesCount);
    this.el.dataset.ready = '1';
  }

  clear(): void {
    this.chart.clear();
    this.el.dataset.series = '0';
    delete this.el.dataset.ready;
  }
}
