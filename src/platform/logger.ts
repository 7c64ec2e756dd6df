// Structured JSON logging (pino) to stdout/stderr, which Azure Functions forwards to Application Insights.
// One line per event: level, time, msg, the fields, and trace_id/span_id of the active span when telemetry is on
// (invocation_id comes from the child logger's fields). Secrets never reach here: callers log ids, fingerprints
// and counts, `redact` masks known secret shapes in every line, and SQL text is kept to debug level (rule below).

import pino, { type DestinationStream } from 'pino';
import { activeTraceIds } from './telemetry/log-correlation.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Receives each finished line (already redacted) and its level; tests capture lines with it. */
export type LogSink = (line: string, level: LogLevel) => void;

const defaultSink: LogSink = (line, level) => {
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
};

const SECRET_PATTERNS: RegExp[] = [
  /eyJ[\w-]+\.[\w-]+\.[\w-]*/g, // JWTs
  /(postgres(?:ql)?:\/\/[^:\s]+:)[^@\s]+(?=@)/gi, // passwords in connection strings
  /(rediss?:\/\/)[^@\s"']+(?=@)/gi, // Redis URLs: the whole user-info (`redis://:key@`, `redis://default:key@`, `redis://key@`)
  /(api[-_]?key["'=:\s]+)[\w-]{8,}/gi,
  /(password["'=:\s]+)[^\s"';,]{3,}/gi, // password=... in key-value text
  /(bearer\s+)[\w.~+/-]{8,}=*/gi, // Authorization header values
];

/** Masks tokens, connection-string passwords, passwords and API keys in free text. */
export function redact(text: string): string {
  let out = text;
  // A pattern without a group passes the match offset (a number) as the second argument: keep only strings.
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, (_m, keep: unknown) => `${typeof keep === 'string' ? keep : ''}[redacted]`);
  return out;
}

/**
 * Rule: SQL text is logged at debug level only. Put it in a field with one of these names; at info and above the
 * field is dropped from the line (the SQL fingerprint, which is not text, may be logged at any level).
 */
export const SQL_FIELD_NAMES: ReadonlySet<string> = new Set([
  'sql',
  'sql_text',
  'query',
  'query_text',
  'postgresql_query',
  'statement',
  'db.query.text',
]);

const LEVEL_BY_NUMBER: Record<number, LogLevel> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error' };

function withoutSql(fields: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!fields) return fields;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(fields)) {
    if (!SQL_FIELD_NAMES.has(key)) continue;
    out ??= { ...fields };
    delete out[key];
  }
  return out ?? fields;
}

/** Errors as name, code and message (no stack), bigints as strings, at any depth. */
function plain(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, ...(typeof code === 'string' ? { code } : {}), message: value.message };
  }
  if (typeof value === 'bigint') return value.toString();
  if (depth >= 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v, depth + 1);
  return out;
}

/**
 * A pino destination that hands each line and its level to the sink, redacted. Never a pino transport: the Functions
 * bundle includes pino without the worker files a transport runs from (scripts/bundle-functions.ts).
 */
function sinkDestination(sink: LogSink): DestinationStream {
  const destination = {
    // pino sets lastLevel on a destination carrying this symbol before each write.
    [Symbol.for('pino.metadata')]: true,
    lastLevel: 30,
    write(chunk: string) {
      const line = chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk;
      sink(redact(line), LEVEL_BY_NUMBER[destination.lastLevel] ?? 'info');
    },
  };
  return destination;
}

function wrap(instance: pino.Logger): Logger {
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (!instance.isLevelEnabled(level)) return;
    const safe = level === 'debug' ? fields : withoutSql(fields);
    if (safe) instance[level](safe, msg);
    else instance[level](msg);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    // Bindings appear on every line whatever its level, so SQL text never belongs there.
    child: (fields) => wrap(instance.child(withoutSql(fields) ?? {})),
  };
}

export function createLogger(options: { level?: LogLevel; sink?: LogSink; base?: Record<string, unknown> } = {}): Logger {
  const instance = pino(
    {
      level: options.level ?? 'info',
      base: options.base ? (withoutSql(options.base) ?? null) : null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => plain(object) as Record<string, unknown>,
      },
      serializers: { err: (value: unknown) => plain(value) },
      // Correlation with the active span; the line's own fields win over these.
      mixin: () => activeTraceIds() ?? {},
    },
    sinkDestination(options.sink ?? defaultSink),
  );
  return wrap(instance);
}

const noop = () => undefined;
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop, child: () => silentLogger };
