// Structured JSON logging to stdout/stderr (Application Insights picks up console output in Azure).
// Secrets never reach here: callers log ids, fingerprints and counts, and `redact` masks known secret shapes.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export type LogSink = (line: string, level: LogLevel) => void;

const defaultSink: LogSink = (line, level) => {
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
};

const SECRET_PATTERNS: RegExp[] = [
  /eyJ[\w-]+\.[\w-]+\.[\w-]*/g, // JWTs
  /(postgres(?:ql)?:\/\/[^:\s]+:)[^@\s]+@/gi, // passwords in connection strings
  /(rediss?:\/\/)[^@\s"']+@/gi, // Redis URLs: the whole user-info (`redis://:key@`, `redis://default:key@`, `redis://key@`)
  /(api[-_]?key["'=:\s]+)[\w-]{8,}/gi,
];

/** Masks tokens, connection-string passwords and API keys in free text. */
export function redact(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, (_m, keep?: string) => `${keep ?? ''}[redacted]`);
  return out;
}

export function createLogger(options: { level?: LogLevel; sink?: LogSink; base?: Record<string, unknown> } = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const sink = options.sink ?? defaultSink;
  const base = options.base ?? {};
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields }, (_k, v: unknown) =>
      v instanceof Error ? { name: v.name, message: v.message } : typeof v === 'bigint' ? v.toString() : v,
    );
    sink(redact(line), level);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ level: options.level ?? 'info', sink, base: { ...base, ...fields } }),
  };
}

export const silentLogger: Logger = createLogger({ sink: () => undefined });
