import type { RunItem } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';

/** Run items with each update's field changes beside it (the run's page, a preview's list). */
export async function withChanges(repos: Repositories, runId: number, items: RunItem[]): Promise<RunItem[]> {
  const updated = items.filter((i) => i.action === 'updated');
  if (updated.length === 0) return items;
  const byRecord = await repos.recordChanges.ofRunRecords(runId, updated.map((i) => ({ entityType: i.entityType, entityId: i.entityId })));
  return items.map((i) => {
    const changes = i.action === 'updated' ? byRecord.get(`${i.entityType}/${i.entityId}`) : undefined;
    return changes ? { ...i, changes } : i;
  });
}
