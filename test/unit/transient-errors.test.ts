// Which database failures are transient: recorded shapes of what the drivers really threw (captured against the
// local PostgreSQL through the WebSocket bridge and the fault proxy, see each case), plus errors produced live here
// by the real Neon driver and node:net.

import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { DatabaseError as PgDatabaseError, Pool, neonConfig } from '@neondatabase/serverless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ws from 'ws';
import { mapDatabaseError } from '../../src/data/pg-errors.js';
import { classifyDatabaseError, isTransientDatabaseError } from '../../src/data/transient-errors.js';
import { AuthorizationError, BusyError, DatabaseError, SqlNotAllowedError, TimeoutError, ValidationError } from '../../src/platform/errors.js';

/** The driver's own error class, filled the way its protocol parser fills it from an ErrorResponse. */
function pgError(code: string, message: string, severity: 'ERROR' | 'FATAL' = 'ERROR', routine?: string): PgDatabaseError {
  const error = new PgDatabaseError(message, message.length, 'error');
  error.code = code;
  error.severity = severity;
  if (routine) error.routine = routine;
  return error;
}

/** A ws ErrorEvent as the Neon driver rejects with it (the event object, the Error inside `error`). */
function wsErrorEvent(inner: Error): { type: string; message: string; error: Error } {
  return { type: 'error', message: inner.message, error: inner };
}

function systemError(code: string, message: string, syscall = 'connect'): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, errno: -1, syscall });
}

const mapped = (error: unknown) => mapDatabaseError(error, { statementTimeoutMs: 5000 });

describe('transient: recorded driver shapes', () => {
  const cases: Array<[string, unknown, string]> = [
    // pg_terminate_backend on a session with a query running: the query rejects with 57P01 FATAL.
    [
      'pg_terminate_backend mid-query (57P01)',
      pgError('57P01', 'terminating connection due to administrator command', 'FATAL', 'ProcessInterrupts'),
      'server-shutdown',
    ],
    // The next query on that client: pg's own message once the socket ended.
    ['query after the session was terminated', new Error('Connection terminated unexpectedly'), 'network'],
    // A query on a pooled client whose session was killed while idle.
    ['query on a client killed while idle', new Error('Client has encountered a connection error and is not queryable'), 'network'],
    // The fault proxy cut the TCP connection mid-query (through the WebSocket bridge).
    ['connection cut mid-query', new Error('Connection terminated unexpectedly'), 'network'],
    // The proxy's port closed, or resetting, while connecting through the bridge.
    ['connect to a refused port via the bridge', new Error('Connection terminated unexpectedly'), 'network'],
    // A server starting up answers the startup packet with 57P03 FATAL.
    ['the database system is starting up (57P03)', pgError('57P03', 'the database system is starting up', 'FATAL'), 'server-starting'],
    ['crash shutdown (57P02)', pgError('57P02', 'terminating connection because of crash of another server process', 'FATAL'), 'server-shutdown'],
    ['idle session timeout (57P05)', pgError('57P05', 'terminating connection due to idle-session timeout', 'FATAL'), 'server-shutdown'],
    // Neon's proxy: ErrorResponse XX000 with its fixed texts (neondatabase/neon proxy/src/compute.rs, pqproto).
    ['Neon: compute not reachable (XX000)', pgError('XX000', "Couldn't connect to compute node"), 'compute-waking'],
    [
      'Neon: compute not reachable, with detail',
      pgError('XX000', "Couldn't connect to compute node: connection refused (os error 111)"),
      'compute-waking',
    ],
    [
      'Neon: too many connection attempts',
      pgError('XX000', 'Failed to acquire permit to connect to the database. Too many database connection attempts are currently ongoing.'),
      'compute-waking',
    ],
    ['Neon: control plane busy', pgError('XX000', 'Console request failed'), 'compute-waking'],
    // CONNECTION LIMIT reached for the role: 53300 FATAL at startup.
    [
      'too many connections for role (53300)',
      pgError('53300', 'too many connections for role "zava_limited"', 'FATAL', 'InitializeSessionUserId'),
      'too-many-connections',
    ],
    ['sorry, too many clients already (53300)', pgError('53300', 'sorry, too many clients already', 'FATAL'), 'too-many-connections'],
    // PgBouncer (Neon's -pooler endpoints) sends its refusals as 08P01.
    [
      'PgBouncer server_login_retry (08P01)',
      pgError('08P01', 'server login has been failing, try again later (server_login_retry)', 'FATAL'),
      'too-many-connections',
    ],
    ['PgBouncer query_wait_timeout (08P01)', pgError('08P01', 'query_wait_timeout', 'FATAL'), 'too-many-connections'],
    ['connection failure (08006)', pgError('08006', 'connection failure', 'FATAL'), 'connection-exception'],
    ['connection does not exist (08003)', pgError('08003', 'connection does not exist'), 'connection-exception'],
    ['unable to establish (08001)', pgError('08001', 'could not connect to server'), 'connection-exception'],
    ['serialization failure (40001)', pgError('40001', 'could not serialize access due to concurrent update'), 'serialization'],
    ['deadlock (40P01)', pgError('40P01', 'deadlock detected'), 'serialization'],
    // The Neon driver's WebSocket could not open: the ws ErrorEvent itself is the rejection.
    ['WebSocket refused', wsErrorEvent(systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')), 'network'],
    ['WebSocket upgrade answered 502', wsErrorEvent(new Error('Unexpected server response: 502')), 'websocket'],
    ['WebSocket upgrade answered 503', wsErrorEvent(new Error('Unexpected server response: 503')), 'websocket'],
    // Pool connectionTimeoutMillis: pg's Error with the ws ErrorEvent as cause.
    [
      'pool connection timeout',
      Object.assign(new Error('Connection terminated due to connection timeout'), {
        cause: wsErrorEvent(new Error('WebSocket was closed before the connection was established')),
      }),
      'network',
    ],
    ['WebSocket closed before open', wsErrorEvent(new Error('WebSocket was closed before the connection was established')), 'websocket'],
    // node-postgres over TCP: Node's system errors.
    ['read ECONNRESET', systemError('ECONNRESET', 'read ECONNRESET', 'read'), 'network'],
    ['write EPIPE', systemError('EPIPE', 'write EPIPE', 'write'), 'network'],
    ['connect ETIMEDOUT', systemError('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:5432'), 'network'],
    ['connect ECONNREFUSED', systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'network'],
    ['DNS temporarily failing', systemError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN db.example', 'getaddrinfo'), 'network'],
    ['socket hang up', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'network'],
    // The embedded host replaced its worker while this call waited.
    ['embedded database restarted', new Error('The embedded database was restarted (statement limit exceeded).'), 'embedded-restart'],
  ];

  for (const [label, error, reason] of cases) {
    it(`${label}: transient (${reason})`, () => {
      expect(classifyDatabaseError(error)).toEqual({ transient: true, reason });
    });
    it(`${label}: still transient behind the app's DatabaseError wrapper`, () => {
      const wrapped = mapped(error);
      expect(wrapped).toBeInstanceOf(DatabaseError);
      expect(isTransientDatabaseError(wrapped)).toBe(true);
    });
  }
});

describe('not transient', () => {
  const cases: Array<[string, unknown]> = [
    // The caller's query ran past statement_timeout: repeating it would only time out again.
    ['statement timeout (57014)', pgError('57014', 'canceling statement due to statement timeout', 'ERROR', 'ProcessInterrupts')],
    ['query cancelled by the embedded watchdog (57014)', pgError('57014', 'canceling statement due to statement timeout')],
    ['read-only violation (25006)', pgError('25006', 'cannot execute CREATE TABLE in a read-only transaction', 'ERROR', 'PreventCommandIfReadOnly')],
    ['syntax error (42601)', pgError('42601', 'syntax error at or near "SELEC"', 'ERROR', 'scanner_yyerror')],
    ['permission denied (42501)', pgError('42501', 'permission denied for table pg_authid', 'ERROR', 'aclcheck_error')],
    ['undefined table (42P01)', pgError('42P01', 'relation "nope" does not exist')],
    ['division by zero (22012)', pgError('22012', 'division by zero')],
    ['scope not mapped (28000)', pgError('28000', 'principal is not mapped')],
    ['password authentication failed (28P01)', pgError('28P01', 'password authentication failed for user "zava_app"', 'FATAL')],
    ['out of memory (53200)', pgError('53200', 'out of memory')],
    ['disk full (53100)', pgError('53100', 'could not extend file')],
    ['protocol violation (08P01), not PgBouncer', pgError('08P01', 'invalid frontend message type 0')],
    ['idle in transaction timeout (25P03)', pgError('25P03', 'terminating connection due to idle-in-transaction timeout', 'FATAL')],
    ['Neon: quota exceeded', pgError('XX000', 'Your account or project has exceeded the compute time quota. Upgrade your plan to increase limits.')],
    ['Neon: endpoint disabled', pgError('XX000', 'Console request failed: endpoint is disabled')],
    ['Neon: endpoint not found', pgError('XX000', 'Console request failed: endpoint cannot be found')],
    ['Neon: compute quota on a branch', pgError('XX000', "Couldn't connect to compute node: compute time quota of non-primary branches is exceeded")],
    ['embedded database crashed on this query (XX000)', pgError('XX000', 'the embedded database failed and was restarted')],
    ['embedded database closed (shutdown)', new Error('The embedded database is closed.')],
    ['pool ended on purpose', new Error('Connection terminated')],
    ['pool used after end', new Error('Cannot use a pool after calling end on the pool')],
    ['wrong host name', wsErrorEvent(systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND no-such-host.invalid', 'getaddrinfo'))],
    ['WebSocket upgrade refused 401', wsErrorEvent(new Error('Unexpected server response: 401'))],
    ['no WebSocket proxy configured', new Error('No WebSocket proxy is configured.')],
    ['the request was aborted', new DOMException('This operation was aborted', 'AbortError')],
    ['the request deadline passed', new DOMException('The operation timed out.', 'TimeoutError')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'rows')")],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['null', null],
  ];
  for (const [label, error] of cases) {
    it(label, () => {
      expect(classifyDatabaseError(error)).toEqual({ transient: false });
      expect(isTransientDatabaseError(mapped(error))).toBe(false);
    });
  }

  it('AppErrors other than DatabaseError are final even when they wrap a transient cause', () => {
    const cause = pgError('57P01', 'terminating connection due to administrator command', 'FATAL');
    for (const error of [
      new SqlNotAllowedError('Only SELECT.', { cause }),
      new ValidationError('Bad argument.', { cause }),
      new TimeoutError('The query was cancelled after 5000 ms.', { cause }),
      new AuthorizationError('Not mapped.', { cause }),
      new BusyError('The server is busy.', { retryable: true, cause }),
    ]) {
      expect(isTransientDatabaseError(error), error.name).toBe(false);
    }
  });

  it('a DatabaseError without a transient cause is final, whatever its retryable flag', () => {
    expect(isTransientDatabaseError(new DatabaseError('SQL error.', { retryable: true, cause: pgError('42601', 'syntax') }))).toBe(false);
    expect(isTransientDatabaseError(new DatabaseError('No cause.'))).toBe(false);
  });

  it('a cycle in cause chains ends', () => {
    const a: { message: string; cause?: unknown } = { message: 'a' };
    const b = { message: 'b', cause: a };
    a.cause = b;
    expect(isTransientDatabaseError(a)).toBe(false);
  });
});

describe('transient: errors produced live', () => {
  let badGateway: http.Server;
  let closedPort: number;

  beforeAll(async () => {
    badGateway = http.createServer((_req, res) => {
      res.writeHead(502);
      res.end('bad gateway');
    });
    await new Promise<void>((resolve) => badGateway.listen(0, '127.0.0.1', resolve));
    // A port that was just free: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    neonConfig.webSocketConstructor = ws;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => badGateway.close(() => resolve()));
  });

  async function neonFailure(proxy: string): Promise<unknown> {
    neonConfig.wsProxy = () => proxy;
    const pool = new Pool({ connectionString: 'postgresql://zava_app@db.example/zava', connectionTimeoutMillis: 3000 });
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      return error;
    } finally {
      await pool.end().catch(() => undefined);
    }
    throw new Error('expected the query to fail');
  }

  it('the Neon driver, WebSocket refused', async () => {
    const error = await neonFailure(`127.0.0.1:${closedPort}/v1`);
    expect(classifyDatabaseError(error)).toEqual({ transient: true, reason: 'network' });
    expect(isTransientDatabaseError(mapped(error))).toBe(true);
  });

  it('the Neon driver, gateway answering 502', async () => {
    const error = await neonFailure(`127.0.0.1:${(badGateway.address() as AddressInfo).port}/v1`);
    expect(classifyDatabaseError(error)).toEqual({ transient: true, reason: 'websocket' });
  });

  it('node:net, connection refused and reset', async () => {
    const refused = await new Promise<unknown>((resolve) => net.connect(closedPort, '127.0.0.1').on('error', resolve));
    expect(classifyDatabaseError(refused)).toEqual({ transient: true, reason: 'network' });
    const resetter = net.createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', resolve));
    const reset = await new Promise<unknown>((resolve) => {
      const socket = net.connect((resetter.address() as AddressInfo).port, '127.0.0.1');
      socket.on('connect', () => socket.write('x'));
      socket.on('error', resolve);
    });
    await new Promise<void>((resolve) => resetter.close(() => resolve()));
    expect((reset as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    expect(classifyDatabaseError(reset)).toEqual({ transient: true, reason: 'network' });
  });
});
