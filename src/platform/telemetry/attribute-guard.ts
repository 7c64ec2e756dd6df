// The last line of defence for telemetry: drops any attribute whose key or value looks like a secret (token, JWT,
// password, connection string, e-mail) or SQL text, before it reaches a span or a metric. Callers should never
// pass such values; this makes a mistake cost a missing attribute instead of a leak.

import type { Attributes } from '../telemetry.js';

export type AttributeValue = string | number | boolean;
export type CleanAttributes = Record<string, AttributeValue>;

/** Key segments that name secrets or text we never export (split on `.`, `_` and `-`). */
const SECRET_KEY_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'jwt',
  'authorization',
  'apikey',
  'cookie',
  'credential',
  'credentials',
  'connectionstring',
  'dsn',
  'email',
  'mail',
  'upn',
  'sql',
  'statement',
  'arguments',
  'message',
]);
/** Exact keys that carry query text, parameters or raw payloads in OpenTelemetry conventions. */
const SECRET_KEYS = new Set(['db.query.text', 'db.statement', 'gen_ai.tool.call.result', 'exception.message', 'exception.stacktrace']);
const SECRET_KEY_PREFIXES = ['db.query.parameter.', 'db.operation.parameter.', 'http.request.header.', 'http.response.header.'];
/** Key segments that are allowed although they contain a secret word: fingerprints and hashes are not text. */
const ALLOWED_KEY_WORDS = new Set(['fingerprint', 'hash']);

const SECRET_VALUE_PATTERNS: RegExp[] = [
  /eyJ[\w-]{4,}\.[\w-]{4,}\.?[\w-]*/, // JWT (header.payload[.signature])
  /\bbearer\s+\S{8,}/i, // an Authorization header value
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i, // URL with user:password@ (or :password@)
  /\brediss?:\/\/[^\s/@]+@/i, // Redis URL with an access key as the user-info
  /\b(password|pwd|secret|accountkey|sharedaccesskey|api[-_]?key|instrumentationkey|client[-_]?secret|sig)\s*[=:]/i,
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/, // e-mail address (also a UPN)
  /\b(select|with)\b[\s\S]*\b(from|select|values)\b/i, // SQL query text
  /\b(insert\s+into|update\s+\S+\s+set|delete\s+from|drop\s+\w+|alter\s+\w+|create\s+\w+|grant\s+\w+|truncate\s+\w+)\b/i,
];

const MAX_VALUE_LENGTH = 512;

function keyIsSecret(key: string): boolean {
  const lower = key.toLowerCase();
  if (SECRET_KEYS.has(lower) || SECRET_KEY_PREFIXES.some((p) => lower.startsWith(p))) return true;
  const words = lower.split(/[._-]+/);
  if (words.some((w) => ALLOWED_KEY_WORDS.has(w))) return false;
  // 'api_key', 'connection_string' and 'access-token' split into words: look at each word and at adjacent pairs.
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (SECRET_KEY_WORDS.has(word)) return true;
    if (SECRET_KEY_WORDS.has(word + (words[i + 1] ?? ''))) return true;
  }
  return false;
}

/** True when a string value looks like a secret or SQL text. */
export function valueLooksSecret(value: string): boolean {
  return SECRET_VALUE_PATTERNS.some((pattern) => pattern.test(value));
}

/**
 * Returns the attributes that are safe to export, and the keys it dropped (for a debug log; never the values).
 * Undefined values are skipped; long strings are cut to 512 characters.
 */
export function guardAttributes(attributes: Attributes | undefined): { clean: CleanAttributes; dropped: string[] } {
  const clean: CleanAttributes = {};
  const dropped: string[] = [];
  if (!attributes) return { clean, dropped };
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (keyIsSecret(key)) {
      dropped.push(key);
      continue;
    }
    if (typeof value === 'string') {
      if (valueLooksSecret(value)) {
        dropped.push(key);
        continue;
      }
      clean[key] = value.length > MAX_VALUE_LENGTH ? value.slice(0, MAX_VALUE_LENGTH) : value;
    } else if (typeof value === 'number' ? Number.isFinite(value) : typeof value === 'boolean') {
      clean[key] = value;
    } else {
      dropped.push(key);
    }
  }
  return { clean, dropped };
}

/** A span name is exported as is only if it passes the value check; otherwise its first word (the method) is kept. */
export function guardSpanName(name: string): string {
  if (!valueLooksSecret(name) && name.length <= 200) return name;
  const first = name.split(/\s+/, 1)[0] ?? 'span';
  return valueLooksSecret(first) ? 'span' : first.slice(0, 100);
}
