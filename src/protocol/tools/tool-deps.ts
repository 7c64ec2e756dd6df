// What every tool handler receives: the request's service context, logging/audit env and a clock.

import type { ServiceContext } from '../../analytics/service-context.js';
import type { ToolCallEnv } from '../tool-result.js';

export interface ToolDeps {
  service: ServiceContext;
  env: ToolCallEnv;
  now: () => Date;
}
