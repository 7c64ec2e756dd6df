// The per-process prompt catalog: prompts/list, prompts/get and completion/complete answered by it are exactly what
// the SDK's McpServer answers for the same prompts registered the SDK's way (completable argument schemas), so an
// SDK upgrade cannot silently change what clients see; and completions run with the request's own context.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RequestContext } from '../../src/analytics/request-context.js';
import { type AnyPromptDefinition, definePrompt } from '../../src/protocol/define-prompt.js';
import type { Shape } from '../../src/protocol/define-tool.js';
import { ANALYSIS_PROMPTS } from '../../src/protocol/prompts/analysis-prompts.js';
import { promptCatalog } from '../../src/protocol/prompt-catalog.js';
import { SERVER_INFO, createMcpServer } from '../../src/protocol/server.js';
import { createToolRunner } from '../../src/protocol/tool-runner.js';
import { testRequestContext } from '../support/request-context.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

async function connect(server: McpServer): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'prompt-catalog-test', version: '1.0.0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
  open.push(client, server);
  return client;
}

// Completers that show whose context they ran in, fail, or offer more than a page.
const TEST_PROMPTS: AnyPromptDefinition[] = [
  definePrompt({
    name: 'who_am_i',
    title: 'Who am I',
    description: 'Test prompt with a completed and a plain argument.',
    argsSchema: {
      store: z.string().optional().describe('a store'),
      period: z.string().describe('a period'),
    },
    complete: { store: async (ctx, typed) => [`${ctx.principal.id}:${typed}`] },
    render: (args) => `store ${String(args.store)} period ${String(args.period)}`,
  }),
  definePrompt({
    name: 'many_and_broken',
    title: 'Many and broken',
    description: 'Test prompt: one completion with 150 values, one that fails.',
    argsSchema: { many: z.string(), broken: z.string().optional() },
    complete: {
      many: async () => Array.from({ length: 150 }, (_, i) => `v${i}`),
      broken: async () => {
        throw new Error('database down');
      },
    },
    render: () => 'many',
  }) as AnyPromptDefinition,
] as AnyPromptDefinition[];

/** The SDK's own way: registerPrompt with completable fields bound to one context (what register.ts used to do). */
function sdkServer(prompts: readonly AnyPromptDefinition[], ctx: RequestContext): McpServer {
  const server = new McpServer(SERVER_INFO, { capabilities: { prompts: {} } });
  for (const prompt of prompts) {
    const argsSchema: Shape = Object.fromEntries(
      Object.entries(prompt.argsSchema).map(([name, schema]) => {
        const complete = prompt.complete?.[name];
        if (!complete) return [name, schema];
        const callback = (typed: unknown) => complete(ctx, String(typed ?? '')).catch((): string[] => []);
        const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodString) : (schema as z.ZodString);
        const marked = completable(inner.clone(), callback);
        if (!(schema instanceof z.ZodOptional)) return [name, marked];
        const optional = schema.description ? marked.optional().describe(schema.description) : marked.optional();
        return [name, completable(optional, callback)];
      }),
    );
    server.registerPrompt<Shape>(prompt.name, { title: prompt.title, description: prompt.description, argsSchema }, (args) => ({
      messages: [{ role: 'user', content: { type: 'text', text: prompt.render(args) } }],
    }));
  }
  return server;
}

const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value }),
    (error: Error) => ({ error: error.message }),
  );

describe('prompt catalog', () => {
  it('lists the product prompts exactly as the SDK lists them', async () => {
    const ctx = testRequestContext();
    const expected = await (await connect(sdkServer(ANALYSIS_PROMPTS, ctx))).listPrompts();
    expect(expected.prompts.map((p) => p.name)).toEqual(ANALYSIS_PROMPTS.map((p) => p.name));
    const ours = await (await connect(createMcpServer(ctx, { runner: createToolRunner([]) }))).listPrompts();
    expect(ours).toEqual(expected);
  });

  it('answers prompts/get and completion/complete as the SDK does, each in its own request context', async () => {
    const ctx = testRequestContext({ principal: { id: 'alice', scopes: [], kind: 'user', issuer: 'test' } });
    const sdk = await connect(sdkServer(TEST_PROMPTS, ctx));
    const ours = await connect(createMcpServer(ctx, { runner: createToolRunner([]), prompts: TEST_PROMPTS }));
    const requests: Array<(c: Client) => Promise<unknown>> = [
      (c) => c.listPrompts(),
      (c) => c.getPrompt({ name: 'who_am_i', arguments: { store: 'Seattle', period: '2025' } }),
      (c) => c.getPrompt({ name: 'who_am_i', arguments: { store: 'Seattle' } }), // missing a required argument
      (c) => c.getPrompt({ name: 'no_such_prompt' }),
      (c) => c.complete({ ref: { type: 'ref/prompt', name: 'who_am_i' }, argument: { name: 'store', value: 'Sea' } }),
      (c) => c.complete({ ref: { type: 'ref/prompt', name: 'who_am_i' }, argument: { name: 'period', value: '20' } }),
      (c) => c.complete({ ref: { type: 'ref/prompt', name: 'many_and_broken' }, argument: { name: 'many', value: '' } }),
      (c) => c.complete({ ref: { type: 'ref/prompt', name: 'many_and_broken' }, argument: { name: 'broken', value: '' } }),
      (c) => c.complete({ ref: { type: 'ref/prompt', name: 'no_such_prompt' }, argument: { name: 'x', value: '' } }),
      (c) => c.complete({ ref: { type: 'ref/resource', uri: 'zava://no/such/{template}' }, argument: { name: 'template', value: '' } }),
    ];
    for (const request of requests) expect(await settle(request(ours))).toEqual(await settle(request(sdk)));
    const alice = await ours.complete({ ref: { type: 'ref/prompt', name: 'who_am_i' }, argument: { name: 'store', value: 'x' } });
    expect(alice.completion.values).toEqual(['alice:x']);
    for (const client of [sdk, ours]) expect(client.getServerCapabilities()).toMatchObject({ completions: {}, prompts: { listChanged: true } });
  });

  it('builds the list once per prompt list', () => {
    const catalog = promptCatalog(ANALYSIS_PROMPTS);
    expect(promptCatalog(ANALYSIS_PROMPTS)).toBe(catalog);
    expect(Object.isFrozen(catalog.list.prompts[0])).toBe(true);
  });
});
