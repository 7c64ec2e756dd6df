// What models see, pinned: the tool list (names, schemas, annotations, description lengths), resources and prompts,
// through the SDK's real Client over an in-memory transport. A change here must be deliberate (update the snapshot).

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpServer } from '../../src/protocol/server.js';
import { createToolRunner, defaultSteps } from '../../src/protocol/tool-runner.js';
import { PINNED_NOW, testRequestContext } from '../support/request-context.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function connect(limits?: { maxRowsDefault: number; maxRowsLimit: number }): Promise<Client> {
  const base = testRequestContext();
  const ctx = limits ? testRequestContext({ limits: { ...base.limits, ...limits } }) : base;
  const server = createMcpServer(ctx, { runner: createToolRunner(defaultSteps({ cacheTtlSeconds: 300 })) });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'surface-test', version: '1.0.0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
  open.push(client, server);
  return client;
}

describe('protocol surface', () => {
  it('lists the tools exactly as models see them', async () => {
    const { tools } = await (await connect()).listTools();
    const surface = tools.map((t) => ({
      name: t.name,
      title: t.title,
      description_length: t.description?.length,
      inputSchema: t.inputSchema,
      outputSchema: t.outputSchema,
      annotations: t.annotations,
    }));
    expect(surface).toMatchSnapshot();
  });

  it("follows the configured row limits in execute_sales_query's description and schema", async () => {
    const { tools } = await (await connect({ maxRowsDefault: 20, maxRowsLimit: 50 })).listTools();
    const tool = tools.find((t) => t.name === 'execute_sales_query');
    expect(tool?.description).toContain('(default 20, up to 50)');
    expect(tool?.inputSchema.properties?.max_rows).toMatchObject({ maximum: 50 });
  });

  it('lists the resources and prompts', async () => {
    const client = await connect();
    expect((await client.listResources()).resources).toMatchSnapshot();
    expect((await client.listPrompts()).prompts).toMatchSnapshot();
    const guide = await client.readResource({ uri: 'zava://guides/retail-analytics' });
    expect(guide.contents[0]).toMatchObject({ uri: 'zava://guides/retail-analytics', mimeType: 'text/markdown' });
    const prompt = await client.getPrompt({ name: 'store_performance_review', arguments: { period: '2024' } });
    expect(prompt.messages[0]?.content).toMatchObject({ type: 'text' });
    expect(prompt.messages[0]?.content).toMatchObject({ text: expect.stringContaining('for the period "2024".') });
  });

  it('answers get_current_utc_date from the injected clock', async () => {
    const result = await (await connect()).callTool({ name: 'get_current_utc_date', arguments: {} });
    expect(result.structuredContent).toEqual({ utc_datetime: PINNED_NOW, utc_date: PINNED_NOW.slice(0, 10) });
  });
});
