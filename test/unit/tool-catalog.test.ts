// The per-process tool catalog: tools/list answered from it is exactly what the SDK's McpServer lists for the same
// definitions (so upgrading the SDK cannot silently change what models see), and it is built once per tool list.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Shape } from '../../src/protocol/define-tool.js';
import { SERVER_INFO, createMcpServer } from '../../src/protocol/server.js';
import { toolCatalog } from '../../src/protocol/tool-catalog.js';
import { createToolRunner } from '../../src/protocol/tool-runner.js';
import { toolDefinitions } from '../../src/protocol/tools/index.js';
import { testRequestContext } from '../support/request-context.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function listThrough(server: McpServer) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'catalog-test', version: '1.0.0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
  open.push(client, server);
  return (await client.listTools()).tools;
}

const limits = { maxRowsDefault: 100, maxRowsLimit: 1000 };

describe('tool catalog', () => {
  it('lists exactly what the SDK lists for the same tools registered from their raw shapes', async () => {
    const plain = new McpServer(SERVER_INFO, { capabilities: { tools: {} } });
    for (const tool of toolDefinitions(limits)) {
      plain.registerTool<Shape, Shape>(
        tool.name,
        {
          title: tool.title,
          description: tool.description,
          inputSchema: tool.inputSchema,
          ...(tool.outputSchema ? { outputSchema: tool.outputSchema } : {}),
          annotations: tool.annotations,
        },
        () => ({ content: [] }),
      );
    }
    const ours = createMcpServer(testRequestContext({ limits: { ...testRequestContext().limits, ...limits } }), {
      runner: createToolRunner([]),
    });
    const expected = await listThrough(plain);
    expect(expected.length).toBe(toolDefinitions(limits).length);
    expect(await listThrough(ours)).toEqual(expected);
  });

  it('builds the list and its JSON Schemas once per tool list', () => {
    expect(toolDefinitions(limits)).toBe(toolDefinitions({ ...limits }));
    expect(toolDefinitions({ maxRowsDefault: 20, maxRowsLimit: 50 })).not.toBe(toolDefinitions(limits));
    const catalog = toolCatalog(toolDefinitions(limits));
    expect(toolCatalog(toolDefinitions(limits))).toBe(catalog);
    expect(Object.isFrozen(catalog.list.tools[0]?.inputSchema)).toBe(true);
  });
});
