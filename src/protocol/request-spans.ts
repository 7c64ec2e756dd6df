// A server span per MCP request (OpenTelemetry MCP conventions: `{mcp.method.name} {target}`), for every method
// but tools/call, whose span the tool runner opens itself (it knows the tool's outcome, rows and cache hit). Hooks
// the transport's public message callbacks: the span starts when a request arrives, runs the SDK's handling
// inside it (so database spans of resources/read or completion/complete are its children), and ends when the
// response for that request id is sent.

import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Attributes, Span, Telemetry } from '../platform/telemetry.js';
import { ATTR, METRIC, SPAN } from '../platform/telemetry/semconv.js';

interface Pending {
  span: Span;
  started: number;
  attributes: Attributes;
  end: () => void;
}

interface RequestMessage {
  id: string | number;
  method: string;
  params?: { name?: unknown; uri?: unknown; ref?: { name?: unknown } };
}

function isRequest(message: unknown): message is RequestMessage {
  const m = message as Partial<RequestMessage> | null;
  return typeof m === 'object' && m !== null && typeof m.method === 'string' && (typeof m.id === 'string' || typeof m.id === 'number');
}

/** Only names we registered or URIs of our own scheme become attributes: never arbitrary caller text. */
function target(message: RequestMessage): { name?: string; attributes: Attributes } {
  const name = message.params?.name;
  if (message.method === 'prompts/get' && typeof name === 'string' && /^[a-z_]{1,64}$/.test(name))
    return { name, attributes: { [ATTR.genAiPromptName]: name } };
  const uri = message.params?.uri;
  if (message.method === 'resources/read' && typeof uri === 'string' && /^zava:\/\/[a-z0-9/_-]{1,100}$/.test(uri))
    return { attributes: { [ATTR.mcpResourceUri]: uri } };
  return { attributes: {} };
}

/** Wraps `transport` (after server.connect) so each request other than tools/call runs in its own server span. */
export function traceMcpRequests(transport: Transport, telemetry: Telemetry, protocolVersion: string | null): void {
  if (!telemetry.enabled) return;
  const receive = transport.onmessage;
  const send = transport.send.bind(transport);
  if (!receive) return;
  const pending = new Map<string | number, Pending>();
  transport.onmessage = (message, extra) => {
    if (!isRequest(message) || message.method === 'tools/call' || !/^[a-z/_]{1,64}$/i.test(message.method)) return receive(message, extra);
    const { name, attributes: targetAttributes } = target(message);
    const attributes: Attributes = {
      [ATTR.mcpMethodName]: message.method,
      [ATTR.jsonrpcRequestId]: String(message.id).slice(0, 64),
      ...(protocolVersion && /^[0-9-]{1,20}$/.test(protocolVersion) ? { [ATTR.mcpProtocolVersion]: protocolVersion } : {}),
      ...targetAttributes,
    };
    void telemetry.span(
      SPAN.mcpRequest(message.method, name),
      attributes,
      (span) =>
        new Promise<void>((end) => {
          pending.set(message.id, { span, started: performance.now(), attributes, end });
          receive(message, extra);
        }),
      'server',
    );
  };
  transport.send = async (message, options) => {
    const id = (message as { id?: string | number }).id;
    const waiting = id === undefined ? undefined : pending.get(id);
    try {
      await send(message, options);
    } finally {
      if (waiting && id !== undefined) {
        pending.delete(id);
        const error = (message as { error?: { code?: number } }).error;
        const outcome: Attributes = error ? { [ATTR.rpcResponseStatusCode]: String(error.code), [ATTR.errorType]: String(error.code) } : {};
        waiting.span.setAttributes(outcome);
        telemetry.record(METRIC.mcpServerOperationDuration, performance.now() - waiting.started, { ...waiting.attributes, ...outcome });
        waiting.end();
      }
    }
  };
  // A request that never gets an answer (the transport closed first) still ends its span.
  const close = transport.onclose;
  transport.onclose = () => {
    for (const waiting of pending.values()) waiting.end();
    pending.clear();
    close?.();
  };
}
