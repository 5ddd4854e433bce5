// Mounts ECharts (modular import: only the pieces the page uses) and renders option objects built by charts/.
// Used for the data preview (growth of $1 of every loaded column).
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, DataZoomComponent, CanvasRenderer]);

export class ChartView {
  private chart: echarts.ECharts | null = null;
  private readonly observer: ResizeObserver;

  constructor(private readonly el: HTMLElement) {
    // created lazily: the preview sits in a closed <details> (zero size) until opened
    this.observer = new ResizeObserver(() => this.chart?.resize());
    this.observer.observe(el);
  }

  render(option: Record<string, unknown>, seriesCount: number): void {
    this.chart ??= echarts.init(this.el, undefined, { renderer: 'canvas', width: this.el.clientWidth || 800, height: this.el.clientHeight || 360 });
    this.chart.setOption(option, { notMerge: true });
    this.el.dataset.series = String(seriesCount);
    this.el.dataset.ready = '1';
  }

  dispose(): void {
    this.observer.disconnect();
    this.chart?.dispose();
    this.chart = null;
  }
}
