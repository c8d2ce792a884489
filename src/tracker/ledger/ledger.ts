import type { BudgetChange, BudgetOp } from '../../model/budget-counter';
import { lazy } from '../../model/lazy';
import type { CallRecord } from '../../model/record';
import type { SessionEnd } from '../../model/summary';
import type { Store } from '../../stores/types';
import type { EventListener } from '../events';
import { type RetryOptions, storeAccess } from './access';
import { keys, type LostCall } from './keys';
import { ledgerReads, type StoredSession } from './reads';
import type { ledgerScans } from './scans';
import { removeSession } from './store-ops';
import { ledgerWrites } from './writes';

export type { RetryOptions } from './access';
export type { LostCall } from './keys';
export type { StoredSession } from './reads';

export interface LedgerOptions {
	emit: EventListener;
	retry?: RetryOptions;
}

/**
 * Owns every store read and write (keys in ./keys.ts). Each operation is retried with backoff; a
 * store that cannot work here (`StoreUnavailableError`) is replaced by memory for the rest of the
 * ledger's life; a call that still cannot be stored is kept in memory, announced (`call.unsaved`),
 * marked in the store when the store takes the marker, and tried again when its session ends.
 */
export function createLedger(store: Store, options: LedgerOptions) {
	const access = storeAccess(store, options.emit, options.retry);
	const writes = ledgerWrites(access, options.emit);
	const reads = ledgerReads(access);
	const scans = lazy(() => import('./scans').then(({ ledgerScans }) => ledgerScans(access, writes.writerId)));
	/** A scan, loaded with the first one: summaries, reports and maintenance use them, no call on its way. */
	const scan =
		<K extends keyof Scans>(name: K) =>
		async (...args: Parameters<Scans[K]>): Promise<Awaited<ReturnType<Scans[K]>>> =>
			((await scans())[name] as (...given: Parameters<Scans[K]>) => Promise<Awaited<ReturnType<Scans[K]>>>)(...args);
	// Budget changes and imports load on first use (budget changes bring big.js): a tracker without
	// budgets never carries them.
	const budget = lazy(() => import('./budget').then(({ budgetChanges }) => budgetChanges(access, options.emit)));
	return {
		...reads,
		...writes,
		calls: scan('calls'),
		othersWrote: scan('othersWrote'),
		callsSince: scan('callsSince'),
		lostCalls: scan('lostCalls'),
		sessions: scan('sessions'),
		timeRange: scan('timeRange'),
		ends: scan('ends'),
		callKeys: scan('callKeys'),

		/**
		 * Applies a budget change; `undefined` when it could not be (the store or this code failed),
		 * which lets the call through. In this turn once loaded, on a memory store.
		 */
		budget(op: BudgetOp): BudgetChange {
			return budget.value
				? budget.value(op)
				: budget().then(
						(apply) => apply(op),
						(error: unknown) => void options.emit({ type: 'tracker.error', error }),
					);
		},

		/** Whether the store was given up for memory: what it held may be gone (site data cleared), so totals are read again. */
		get fellBack() {
			return access.state.fellBack;
		},

		/**
		 * Writes a session's end unless one is stored already (atomically, where the store can), and
		 * resolves to the end the session has: `end`, or the one another tracker wrote first.
		 */
		async writeEnd(id: string, end: SessionEnd): Promise<SessionEnd> {
			return (await access.writeOnce('end session', id, keys.end(id), end, true)) ?? end;
		},

		/** Deletes a session everywhere. Resolves to false when the store failed part way (pruning again finishes). */
		async remove(id: string): Promise<boolean> {
			writes.forget(id);
			await removeSession(access.memory, id);
			if (!access.state.readable) return true; // nothing of it was ever stored elsewhere
			return (await access.attempt('prune session', id, (target) => removeSession(target, id))).ok;
		},

		/** Writes an imported session: its start and end unless already there, and every call with its time-index entry. */
		async import(session: StoredSession, records: CallRecord[], lost: LostCall[] = []): Promise<boolean> {
			const { importSession } = await import('./import');
			return importSession(access, session, await reads.load(session.meta.id), records, lost);
		},
	};
}

type Scans = ReturnType<typeof ledgerScans>;

export type Ledger = ReturnType<typeof createLedger>;
