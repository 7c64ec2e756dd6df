// The pino-backed logger behind the Logger interface: JSON line shape, child fields, level threshold, sink levels,
// redaction of tokens and passwords, the SQL-only-at-debug rule, error and bigint fields, trace correlation.

import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, type LogLevel, redact, SQL_FIELD_NAMES, silentLogger } from '../../src/platform/logger.js';
import { setTraceIdSource } from '../../src/platform/telemetry/log-correlation.js';

function capture(level?: LogLevel, base?: Record<string, unknown>) {
  const lines: Array<{ line: string; level: LogLevel }> = [];
  const logger = createLogger({ ...(level ? { level } : {}), ...(base ? { base } : {}), sink: (line, l) => lines.push({ line, level: l }) });
  const parsed = () => lines.map((l) => JSON.parse(l.line) as Record<string, unknown>);
  return { logger, lines, parsed };
}

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWF0dGxlIn0.c2lnbmF0dXJl';

afterEach(() => setTraceIdSource(undefined));

describe('logger', () => {
  it('writes one JSON object per line with level, ISO time, msg and the fields', () => {
    const { logger, lines, parsed } = capture();
    logger.info('tool call finished', { tool: 'execute_sales_query', rows: 12, ok: true, nested: { a: [1, 2] } });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.line).not.toContain('\n');
    const [line] = parsed();
    expect(line).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      msg: 'tool call finished',
      tool: 'execute_sales_query',
      rows: 12,
      ok: true,
      nested: { a: [1, 2] },
    });
  });

  it('merges base and child fields, nested children included, with the line fields winning', () => {
    const { logger, parsed } = capture('info', { service: 'zava' });
    const child = logger.child({ invocation_id: 'inv-42', tool: 'a' }).child({ request_id: 'r1' });
    child.info('x', { tool: 'b' });
    logger.info('y');
    const [x, y] = parsed();
    expect(x).toMatchObject({ service: 'zava', invocation_id: 'inv-42', request_id: 'r1', tool: 'b', msg: 'x' });
    expect(y).toMatchObject({ service: 'zava', msg: 'y' });
    expect(y?.invocation_id).toBeUndefined();
  });

  it('honours the level threshold and tells the sink each level', () => {
    const { logger, lines } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    logger.child({ a: 1 }).info('child info');
    expect(lines.map((l) => [JSON.parse(l.line).msg, l.level])).toEqual([
      ['w', 'warn'],
      ['e', 'error'],
    ]);
    const all = capture('debug');
    all.logger.debug('d');
    all.logger.info('i');
    expect(all.lines.map((l) => l.level)).toEqual(['debug', 'info']);
  });

  it('masks tokens, connection-string passwords, passwords and API keys in messages and fields', () => {
    const { logger, lines } = capture();
    logger.warn(`rejected token ${JWT}`, {
      url: 'postgresql://zava_app:s3cr3t-pw@db.example/zava',
      redis: 'rediss://:r3d1s-k3y@zava.redis.cache.windows.net:6380/2',
      header: `Bearer ${JWT}`,
      detail: 'password=hunter2hunter2; api_key: 0123456789abcdef',
      error: new Error(`connect failed for postgres://owner:0wn3r-pw@host/db with ${JWT}`),
    });
    const text = lines[0]?.line ?? '';
    for (const secret of [JWT, 's3cr3t-pw', 'r3d1s-k3y', 'hunter2hunter2', '0123456789abcdef', '0wn3r-pw']) expect(text).not.toContain(secret);
    expect(text).toContain('postgresql://zava_app:[redacted]@db.example');
    expect(redact(`a ${JWT} b`)).toBe('a [redacted] b');
  });

  it('keeps SQL text to debug level: the SQL fields are dropped at info and above, the fingerprint stays', () => {
    const sql = 'SELECT customer_id FROM retail.customers';
    const { logger, parsed } = capture('debug');
    logger.debug('query text', { sql, fingerprint: 'abc123' });
    logger.info('slow query', { sql, query: sql, postgresql_query: sql, fingerprint: 'abc123', duration_ms: 1200 });
    logger.warn('w', { statement: sql });
    logger.error('e', { sql_text: sql, query_text: sql });
    logger.child({ sql }).info('child with sql binding');
    const [debug, info, warn, error, child] = parsed();
    expect(debug).toMatchObject({ sql, fingerprint: 'abc123' });
    expect(info).toMatchObject({ fingerprint: 'abc123', duration_ms: 1200 });
    for (const line of [info, warn, error, child]) {
      for (const key of SQL_FIELD_NAMES) expect(line?.[key]).toBeUndefined();
      expect(JSON.stringify(line)).not.toContain('retail.customers');
    }
  });

  it('writes errors as name, code and message without a stack, and bigints as strings', () => {
    const { logger, parsed } = capture();
    const error = Object.assign(new Error('terminating connection'), { code: '57P01' });
    logger.error('db error', { error, err: new TypeError('bad'), count: 12345678901234567890n });
    const [line] = parsed();
    expect(line?.error).toEqual({ name: 'Error', code: '57P01', message: 'terminating connection' });
    expect(line?.err).toEqual({ name: 'TypeError', message: 'bad' });
    expect(line?.count).toBe('12345678901234567890');
    expect(JSON.stringify(line)).not.toContain('at ');
  });

  it('adds trace_id and span_id of the active span when telemetry provides them', () => {
    const { logger, parsed } = capture();
    logger.info('before');
    setTraceIdSource(() => ({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' }));
    logger.child({ invocation_id: 'inv-1' }).info('during');
    setTraceIdSource(() => undefined);
    logger.info('no span');
    const [before, during, none] = parsed();
    expect(before?.trace_id).toBeUndefined();
    expect(during).toMatchObject({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7', invocation_id: 'inv-1' });
    expect(none?.trace_id).toBeUndefined();
  });

  it('has a silent logger that writes nothing', () => {
    expect(() => silentLogger.child({ a: 1 }).error('nothing', { x: 1 })).not.toThrow();
  });
});
