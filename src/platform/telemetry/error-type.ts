// The `error.type` of a failure: a low-cardinality class, never the message. Plain code (no OpenTelemetry import),
// so decorators outside the SDK path can compute it at no cold-start cost.

/** The AppError or SQLSTATE code, else the class name, else `_OTHER` (the conventions' fallback). */
export function errorType(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[\w.-]{1,64}$/.test(code)) return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && /^[\w.-]{1,64}$/.test(name) && name !== 'Error') return name;
    const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof ctor === 'string' && /^[\w.-]{1,64}$/.test(ctor) && ctor !== 'Error' && ctor !== 'Object') return ctor;
  }
  return '_OTHER';
}
