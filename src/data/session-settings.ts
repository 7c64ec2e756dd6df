// Per-transaction server settings every tenant scope sets in its existing setup batch (no extra round trip): the
// name the server shows for our sessions, JIT off, and a bounded work_mem. Values come from configuration only.

import { quoteLiteral } from './sql-literal.js';

export interface SessionSettings {
  /** pg_stat_activity.application_name of tool transactions (operators tell them apart from migrations). */
  applicationName: string;
  /** JIT compilation costs tens of milliseconds per query and pays off only on long analytics; off by default. */
  jit: boolean;
  /** Memory per sort or hash node, e.g. '16MB': caps what one caller's query can take from a small compute. */
  workMem: string;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { applicationName: 'zava-mcp', jit: false, workMem: '16MB' };

const APPLICATION_NAME = /^[A-Za-z0-9 _.:-]{1,63}$/;
const MEMORY = /^[1-9][0-9]{0,6}(kB|MB|GB)$/;

/** The SET LOCAL statements for the scope's setup batch; refuses values that are not plain names and sizes. */
export function sessionSettingStatements(settings: SessionSettings): string[] {
  if (!APPLICATION_NAME.test(settings.applicationName)) throw new Error('Invalid application_name');
  if (!MEMORY.test(settings.workMem)) throw new Error('Invalid work_mem');
  return [
    `SET LOCAL application_name = ${quoteLiteral(settings.applicationName)}`,
    `SET LOCAL jit = ${settings.jit ? 'on' : 'off'}`,
    `SET LOCAL work_mem = ${quoteLiteral(settings.workMem)}`,
  ];
}
