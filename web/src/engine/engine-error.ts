// EngineError: the one error type the page sees from the engine. Errors cross the worker boundary as data
// (Outcome.error) because comlink keeps only name/message/stack of a thrown Error; the bridge rebuilds them.
import type { AnyErrorData } from '../shared/protocol';
import { describeError } from '../shared/format';

export class EngineError extends Error implements AnyErrorData {
  readonly code: AnyErrorData['code'];
  readonly file: string;
  readonly row: number;
  readonly column: number;
  /** the engine's message without the location prefix */
  readonly detail: string;

  constructor(data: AnyErrorData) {
    super(describeError(data));
    this.name = 'EngineError';
    this.code = data.code;
    this.file = data.file ?? '';
    this.row = data.row ?? 0;
    this.column = data.column ?? 0;
    this.detail = data.message;
  }

  toData(): AnyErrorData {
    return { code: this.code, message: this.detail, file: this.file, row: this.row, column: this.column };
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}
