// One pipelined exchange with PostgreSQL: several extended-protocol statements (Parse/Bind/Describe/Execute each)
// written at once and closed by a single Sync, so together they cost one network round trip.

import { resultTypes } from './pg-types.js';
import type { QueryField } from './queryable.js';

export interface PipelineStep {
  text: string;
  /** Bound parameters ($1, $2, ...): travel in Bind, never in the statement text. */
  params?: readonly unknown[];
  /** 'array': rows as arrays (column names may repeat); default: objects keyed by column name. */
  rowMode?: 'array';
}

export interface StepResult {
  command: string;
  rowCount: number | null;
  fields: QueryField[];
  rows: unknown[];
}

/** The connection methods a node-postgres submittable may call (the Neon driver's and PGlite's adapter both have them). */
interface WireConnection {
  parse(message: { text: string; name: string; types: number[] }): void;
  bind(message: { portal: string; statement: string; values: Array<string | Buffer | null> }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(message: { portal: string; rows: number }): void;
  sync(): void;
  sendCopyFail?(message: string): void;
}

interface RowDescription {
  fields: Array<{ name: string; dataTypeID: number }>;
}

/** The answer broke the protocol's promises (a step missing, a suspended portal): the connection is not to be trusted. */
export class PipelineProtocolError extends Error {}

type WireValue = string | Buffer | null;

/**
 * A node-postgres "submittable" (as pg-cursor is): the client hands it the connection when it is this query's
 * turn and routes every backend message to it until ReadyForQuery. PostgreSQL runs the steps in order; after an
 * error it discards every message up to the Sync, so no later step runs (`failedStep` says which one failed).
 */
export class Pipeline {
  readonly done: Promise<StepResult[]>;
  /** Index of the step whose error ended the exchange; undefined while none failed. */
  failedStep: number | undefined;
  private readonly values: WireValue[][];
  private readonly results: StepResult[] = [];
  private current: StepResult = emptyResult();
  private parsers: Array<(value: string) => unknown> = [];
  private parseError: unknown;
  private settled = false;
  private resolve!: (results: StepResult[]) => void;
  private reject!: (error: unknown) => void;

  constructor(readonly steps: readonly PipelineStep[]) {
    // Prepared before submit: a value that cannot be serialised fails the call here, not inside the driver's event loop.
    this.values = steps.map((step) => (step.params ?? []).map((value) => toWireValue(value)));
    this.done = new Promise<StepResult[]>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.done.catch(() => undefined); // the owner awaits it; a rejection before that must not go unhandled
  }

  submit(connection: WireConnection): void {
    this.steps.forEach((step, i) => {
      connection.parse({ text: step.text, name: '', types: [] });
      connection.bind({ portal: '', statement: '', values: this.values[i] ?? [] });
      connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '', rows: 0 });
    });
    connection.sync();
  }

  handleRowDescription(message: RowDescription): void {
    this.current.fields = message.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    this.parsers = message.fields.map((f) => resultTypes.getTypeParser(f.dataTypeID, 'text'));
  }

  handleDataRow(message: { fields: Array<string | null> }): void {
    if (this.parseError) return;
    try {
      const values = message.fields.map((v, i) => (v === null ? null : (this.parsers[i] as (value: string) => unknown)(v)));
      if (this.steps[this.results.length]?.rowMode === 'array') this.current.rows.push(values);
      else this.current.rows.push(Object.fromEntries(this.current.fields.map((f, i) => [f.name, values[i]])));
    } catch (error) {
      this.parseError = error;
    }
  }

  handleCommandComplete(message: { text: string }): void {
    this.current.command = message.text;
    const count = /\s(\d+)$/.exec(message.text)?.[1];
    this.current.rowCount = count === undefined ? null : Number(count);
    this.nextStep();
  }

  handleEmptyQuery(): void {
    this.nextStep();
  }

  handlePortalSuspended(): void {
    this.fail(new PipelineProtocolError('A pipelined statement was suspended although it asked for every row.'));
  }

  handleCopyInResponse(connection: WireConnection): void {
    connection.sendCopyFail?.('COPY is not supported here');
  }

  handleCopyData(): void {}

  handleError(error: unknown): void {
    this.failedStep = this.results.length;
    this.fail(error);
  }

  handleReadyForQuery(): void {
    if (this.parseError) return this.fail(this.parseError);
    if (this.results.length !== this.steps.length) {
      return this.fail(new PipelineProtocolError(`The pipeline ended after ${this.results.length} of ${this.steps.length} statements.`));
    }
    this.settled = true;
    this.resolve(this.results);
  }

  private nextStep(): void {
    this.results.push(this.current);
    this.current = emptyResult();
    this.parsers = [];
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}

function emptyResult(): StepResult {
  return { command: '', rowCount: null, fields: [], rows: [] };
}

/** node-postgres's value conversion (utils.prepareValue), except that dates are sent as UTC ISO strings. */
export function toWireValue(value: unknown): WireValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function arrayLiteral(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayLiteral(v);
    const wire = toWireValue(v);
    if (Buffer.isBuffer(wire)) return `\\\\x${wire.toString('hex')}`;
    return `"${String(wire).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}
