import { describe, it } from 'vitest';
import { indexedDBStore } from '../../src/stores/idb';
import { expectOneDayRead, expectSameReports } from '../support/report-stores';

/** A database per test, so tests never see each other's sessions. */
const dbName = (label: string) => `tokentab-report-${label}-${crypto.randomUUID()}`;

describe('reports over IndexedDB in real Chromium', () => {
	it('the same reports as in memory, read back by a new tracker (a reload), with the hand-computed figures', async () => {
		const name = dbName('same');
		await expectSameReports(() => indexedDBStore({ dbName: name }));
	});

	it('a report for one day reads that day’s index entries in one key range, and the ends of its sessions only', async () => {
		const name = dbName('one-day');
		await expectOneDayRead(() => indexedDBStore({ dbName: name }));
	});
});
