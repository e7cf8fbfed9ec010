import { z } from 'zod';
import { Empty, RowId } from './common';
import { Alert, AlertSettings, AlertsView } from './alerts-models';

const ConnectorId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'connector id: lower-case letters, digits, dashes');
const TaskId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'task id: lower-case letters, digits, dashes');

export const alertsChannels = {
  // The alerts not cleared yet (acknowledged ones included, marked), and the tasks that paused themselves.
  'alerts:list': { input: Empty, output: AlertsView },
  'alerts:acknowledge': { input: z.object({ id: RowId }).strict(), output: Alert },
  'alerts:resume-task': { input: z.object({ connectorId: ConnectorId, taskId: TaskId }).strict(), output: z.object({ resumed: z.boolean() }) },
  'alerts:settings': { input: Empty, output: AlertSettings },
  'alerts:save-settings': { input: AlertSettings.partial().strict(), output: AlertSettings },
} as const;
