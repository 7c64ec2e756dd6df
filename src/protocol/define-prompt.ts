// Prompts and resources as data, like tools: one typed definition each, registered by the server factory.

import type { ArgsOf, Shape } from './define-tool.js';

export interface PromptDefinition<A extends Shape> {
  name: string;
  title: string;
  description: string;
  argsSchema: A;
  /** The user message the prompt expands to. */
  render(args: ArgsOf<A>): string;
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
  /** The resource's text (static resources: a constant). */
  read(): string;
}

export function defineResource(definition: ResourceDefinition): ResourceDefinition {
  return definition;
}
