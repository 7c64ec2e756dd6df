// How the guard refuses: a Refusal thrown from anywhere in the check and turned into a verdict at the entry.

import type { GuardErrorCode, GuardResult } from './types.js';

export class Refusal extends Error {
  constructor(
    readonly code: GuardErrorCode,
    readonly construct: string,
    message: string,
  ) {
    super(message);
    this.name = 'Refusal';
  }

  toResult(): GuardResult {
    return { ok: false, code: this.code, message: this.message, construct: this.construct };
  }
}

export function refuse(construct: string, message: string): never {
  throw new Refusal('SQL_NOT_ALLOWED', construct, message);
}

/** For parse-tree shapes the guard does not understand: refuse, naming the node and field. */
export function unsupported(what: string): never {
  refuse(what, `Unsupported SQL construct (${what}) in an analytics query. Rewrite the query using plain SELECT syntax.`);
}
