// The other parts of the page, behind one import point: the results tables (page-tables) and the charts.
export { printFactSheet, renderAuditLog, renderFactSheet, renderMetricsTable, renderTables, styles as resultsStyles } from '../results';
export { renderExportPanel } from '../export';
export type { Handle, ResultsContext } from '../results';
export { renderCharts, styles as chartsStyles } from '../charts';
export type { ChartContext, ChartsHandle } from '../charts';
