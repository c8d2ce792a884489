import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { durableObjectStore } from '../../src/stores/cloudflare/index';
import { expectOneDayRead, expectSameReports } from '../support/report-stores';

describe('reports over the Durable Object store in workerd', () => {
	it('the same reports as in memory, read back by a new tracker (another isolate), with the hand-computed figures', async () => {
		await expectSameReports(() => durableObjectStore(env.TOKENTAB, 'report-same'));
	});

	it('a report for one day reads that day’s index entries in one key range, and the ends of its sessions only', async () => {
		await expectOneDayRead(() => durableObjectStore(env.TOKENTAB, 'report-one-day'));
	});

	it('reads a long range, and many keys, page by page (4,096 entries an RPC), every entry once, in order', async () => {
		const name = 'report-pages';
		const object = env.TOKENTAB.get(env.TOKENTAB.idFromName(name));
		const keys = Array.from({ length: 5000 }, (_, i) => `time/2026-01-01T00:00:00.000Z/s/${String(i).padStart(5, '0')}`);
		await object.putEntries(keys.map((key, i): [string, unknown] => [key, { i }]));
		await object.putEntries([
			['time/2025-12-31T23:59:59.999Z/s/before', {}],
			['time/2026-01-01T00:00:00.001Z/s/after', {}],
			['session/s', {}],
		]);
		const pages: [string, string][] = [];
		const keyPages: number[] = [];
		const counted = {
			idFromName: (id: string) => env.TOKENTAB.idFromName(id),
			get: (id: DurableObjectId) => {
				const stub = env.TOKENTAB.get(id);
				return {
					listRange(start: string, end: string, limit?: number) {
						pages.push([start, end]);
						return stub.listRange(start, end, limit);
					},
					getEntries(keys: string[]) {
						keyPages.push(keys.length);
						return stub.getEntries(keys);
					},
				};
			},
		};
		const store = durableObjectStore(counted as never, name);
		const entries = await store.listRange!('time/2026-01-01T00:00:00.000Z', 'time/2026-01-01T00:00:00.001Z');
		expect(entries.map(([key]) => key)).toEqual(keys);
		expect(entries[4999]![1]).toEqual({ i: 4999 });
		expect(pages).toEqual([
			['time/2026-01-01T00:00:00.000Z', 'time/2026-01-01T00:00:00.001Z'],
			[`${keys[4095]}\u0000`, 'time/2026-01-01T00:00:00.001Z'],
		]);
		expect((await store.listRange!('time/', 'time0')).length).toBe(5002);
		expect(await store.listRange!('time/x', 'time/a')).toEqual([]);
		const values = await store.getMany!([...keys].reverse().concat('time/missing'));
		expect(values.slice(0, 2)).toEqual([{ i: 4999 }, { i: 4998 }]);
		expect(values.slice(-2)).toEqual([{ i: 0 }, undefined]);
		expect(keyPages).toEqual([4096, 905]);
	});
});
