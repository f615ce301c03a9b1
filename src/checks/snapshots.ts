/** Rules over the ledger's files: released snapshots are append-only. */
import type { Finding } from '../model.js';
import type { SnapshotChange } from '../sources/baselines.js';
import { emitterOf } from './finding.js';

const emit = emitterOf('SNAPSHOT_CHANGED');

/** SNAPSHOT_CHANGED for each released snapshot the change modified or deleted. */
export function snapshotChanged(changes: readonly SnapshotChange[]): Finding[] {
  return changes.map(({ path, change }) =>
    emit({
      message: `released snapshot ${path} was ${change}: snapshots are append-only; restore it (git checkout <base> -- ${path})`,
      path,
      line: 1,
    }),
  );
}
