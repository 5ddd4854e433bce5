// Hand-written declarations of the riskdial embind module (emscripten 3.1.6 cannot emit them).
// Mirrors wasm/bindings.cpp + wasm/convert.cpp exactly; tests/wasm/module.test.mjs checks that every function
// declared in RiskdialModule exists on the loaded module. Copied next to the built module as
// web/src/engine/generated/riskdial.d.mts and riskdial-single.d.mts.

/** Stable snake_case error codes (core/src/error.cpp error_code_name). */
export type ErrorCode =
  | 'invalid_argument' | 'empty_file' | 'header_only' | 'no_date_column' | 'bad_date' | 'ambiguous_date'
  | 'mixed_date_formats' | 'duplicate_date' | 'non_numeric' | 'non_positive_price' | 'empty_column'
  | 'ragged_row' | 'binary_file' | 'file_too_large' | 'conflicting_duplicate' | 'unknown_column'
  | 'insufficient_data' | 'invalid_scenario' | 'internal';

/** An engine error as data. `file` is the file name or field path ('' if none); row/column are 1-based, 0 = n/a. */
export interface EngineErrorData {
  code: ErrorCode;
  message: string;
  file: string;
  row: number;
  column: number;
}

/** What every export returns: errors never cross the boundary as exceptions. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: EngineErrorData };

export type ValueKind = 'prices' | 'returns';
export type Frequency = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'annual' | 'irregular';

/** A dated panel. values is column-major: values[col * rows + row]; NaN = missing. dates = days since 1970-01-01. */
export interface PanelData {
  dates: Int32Array;
  names: string[];
  values: Float64Array;
  rows: number;
  cols: number;
  kind: ValueKind;
  frequency: Frequency;
}

/** One input file. Bytes (Uint8Array/ArrayBuffer) are passed through unchanged; strings are encoded as UTF-8. */
export interface SourceFileInput {
  name: string;
  text: string | Uint8Array | ArrayBuffer;
}

/** Import options; omitted or undefined keys take the engine defaults (see defaultImportOptions()). */
export interface ImportOptions {
  layout?: 'auto' | 'wide' | 'long';
  dateOrder?: 'auto' | 'ymd' | 'mdy' | 'dmy';
  kind?: 'auto' | 'prices' | 'returns';
  /** per-file size limit in bytes */
  maxBytes?: number;
  /** longest interior gap (rows) that is forward-filled (spec §1.2) */
  maxFfillDays?: number;
}

/** One column of the import doctor's report (the CSV docs are the reference; extra keys may appear). */
export interface ReportColumn {
  name: string;
  /** file the column came from */
  source?: string;
  first_date?: string;
  last_date?: string;
  observations?: number;
  /** interior missing cells forward-filled (limit: max_ffill_days) */
  gaps_filled?: number;
  missing?: number;
  kind?: string;
  frequency?: string;
  /** values were written as percent ("1.23%") and divided by 100 */
  percent?: boolean;
  warnings?: unknown[];
  [key: string]: unknown;
}

/** One input file as the importer read it. */
export interface ReportFile {
  name: string;
  layout?: string;
  delimiter?: string;
  decimal?: string;
  date_format?: string;
  data_rows?: number;
  columns?: string[];
  [key: string]: unknown;
}

/** The import doctor's report (the JSON document of `riskdial inspect`). */
export interface ImportReport {
  rows?: number;
  frequency?: string;
  kind?: string;
  first_date?: string;
  last_date?: string;
  max_ffill_days?: number;
  files?: ReportFile[];
  columns?: ReportColumn[];
  warnings?: unknown[];
  [key: string]: unknown;
}

export interface ImportValue {
  report: ImportReport;
  panel: PanelData;
}

export interface VersionInfo {
  version: string;
  compiler: string;
  simd: boolean;
}

export interface MemoryUsage {
  /** bytes currently allocated by malloc */
  allocatedBytes: number;
  /** size of the wasm memory */
  heapBytes: number;
  /** current wasm stack pointer (must be the same before and after any call) */
  stackPointer: number;
}

export interface RiskdialModule {
  version(): Outcome<VersionInfo>;
  defaultImportOptions(): Outcome<Required<ImportOptions>>;
  /** Parse and merge CSV files into one panel + the import report. Pass {} for default options. */
  importFiles(files: SourceFileInput[], options: ImportOptions): Outcome<ImportValue>;
  /** Simple returns of a price panel (core prices_to_returns: row 0 and rows after a gap are NaN). */
  pricesToReturns(panel: PanelData): Outcome<PanelData>;
  /** Wealth index W_t = Π(1 + r_s) of a return panel (core returns_to_wealth; W_0 = 1 is not stored). */
  returnsToWealth(panel: PanelData): Outcome<PanelData>;
  /** Validate a scenario document (object or JSON text) without data: the names of its strategies. */
  validateScenario(scenario: object | string): Outcome<{ strategies: string[] }>;
  /** Run a scenario on an imported panel: the result document of `riskdial run` (typed in
   * web/src/shared/result.ts as ScenarioResult). */
  runScenario(scenario: object | string, panel: PanelData): Outcome<unknown>;
  memoryUsage(): Outcome<MemoryUsage>;
}

export interface RiskdialModuleOptions {
  /** the .wasm bytes (Node: avoids emscripten's fetch of a file: URL) */
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

declare function createRiskdial(options?: RiskdialModuleOptions): Promise<RiskdialModule>;
export default createRiskdial;
