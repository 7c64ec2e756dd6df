// Prompts and resources as data, like tools: one typed definition each, registered by the server factory.

import type { RequestContext } from '../analytics/request-context.js';
import type { ArgsOf, Shape } from './define-tool.js';

export interface PromptDefinition<A extends Shape> {
  name: string;
  title: string;
  description: string;
  argsSchema: A;
  /** The user message the prompt expands to. */
  render(args: ArgsOf<A>): string;
  /** Completions (completion/complete) for string arguments, computed in the caller's scope. */
  complete?: { [K in keyof A & string]?: (ctx: RequestContext, typed: string) => Promise<string[]> };
}

export function definePrompt<A extends Shape>(definition: PromptDefinition<A>): PromptDefinition<A> {
  return definition;
}

export type AnyPromptDefinition = PromptDefinition<Shape>;

export interface ResourceDefinition {
  name: string;
  uri: string;
  title: string;
  description: string;
  mimeType: string;
  /** The resource's text; it may depend on the caller (read in their scope). */
  read(ctx: RequestContext): string | Promise<string>;
}

export function defineResource(definition: ResourceDefinition): ResourceDefinition {
  return definition;
}
