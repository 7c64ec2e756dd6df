// Resource: who the caller is, their role and the stores they see — read in their own scope, so it is always true.

import { describeMyScope } from '../../analytics/my-scope.js';
import { defineResource } from '../define-prompt.js';

export const myScopeResource = defineResource({
  name: 'my-scope',
  uri: 'zava://me/scope',
  title: 'My scope',
  description: 'Who you are to this server: principal, role (store_manager, regional_manager, head_office) and the stores whose data you can see.',
  mimeType: 'application/json',
  read: async (ctx) => JSON.stringify(await describeMyScope(ctx)),
});
