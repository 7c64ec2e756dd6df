// Converts between Azure Functions' HttpRequest/HttpResponseInit and web-standard Request/Response.
// The only code (with the function files) that knows about @azure/functions.

import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { Runtime } from '../src/app/runtime.js';
import type { InFlight } from '../src/app/shutdown.js';

export type WebHandler = (runtime: Runtime, request: Request) => Promise<Response>;
export type FunctionHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

export function toWebRequest(request: HttpRequest): Promise<Request> | Request {
  const init: RequestInit = { method: request.method, headers: request.headers as unknown as Headers };
  if (request.method === 'GET' || request.method === 'HEAD') return new Request(request.url, init);
  return request.arrayBuffer().then((body) => new Request(request.url, { ...init, body }));
}

export async function toHttpResponse(response: Response): Promise<HttpResponseInit> {
  const body = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: headersToRecord(response.headers), body };
}

export function adapt(handler: WebHandler, getRuntime: () => Runtime, inFlight?: InFlight): FunctionHandler {
  const run: FunctionHandler = async (request, context) => {
    try {
      return await toHttpResponse(await handler(getRuntime(), await toWebRequest(request)));
    } catch (error) {
      // Configuration errors and the like: a clear status, never a stack trace to the caller.
      context.error('request failed', error instanceof Error ? error.message : String(error));
      return { status: 500, jsonBody: { error: 'internal_error', error_description: 'The server failed to handle the request.' } };
    }
  };
  // Counted while running, so a graceful shutdown waits for it.
  return inFlight ? (request, context) => inFlight.track(run(request, context)) : run;
}

function headersToRecord(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}
