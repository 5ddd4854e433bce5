// The other parts of the page, behind one import point. INTEGRATOR: when page-tables and page-charts have
// landed, replace the two stub re-exports below with
//   export * from '../results';  export * from '../charts';  (and delete ./stubs/)
export { renderAuditLog, renderFactSheet, renderMetricsTable, renderTables, styles as resultsStyles } from './stubs/results';
export type { Handle, ResultsContext } from './stubs/results';
export { renderCharts, styles as chartsStyles } from './stubs/charts';
export type { ChartContext, ChartsHandle } from './stubs/charts';
