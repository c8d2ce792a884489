import { describe, expect, it } from 'vitest';
import { newId } from '../../src/model/id';
import { createTracker, memoryStore } from '../../src/index';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('ids', () => {
	it('are UUID v4, distinct across many refills of the random pool', () => {
		const ids = Array.from({ length: 20_000 }, newId);
		for (const id of ids) expect(id).toMatch(UUID_V4);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('draw every random digit from the random bytes: each free position takes all 16 values', () => {
		const ids = Array.from({ length: 2_000 }, newId);
		const free = Array.from({ length: 36 }, (_, at) => at).filter((at) => ![8, 13, 14, 18, 19, 23].includes(at));
		for (const at of free) expect(new Set(ids.map((id) => id[at])).size, `position ${at}`).toBe(16);
		// The variant's digit carries two random bits: 8, 9, a and b.
		expect(new Set(ids.map((id) => id[19]))).toEqual(new Set(['8', '9', 'a', 'b']));
	});

	it("name a tracker's sessions and calls", async () => {
		const tracker = createTracker({ store: memoryStore() });
		const session = await tracker.startSession();
		const records = [];
		for (let i = 0; i < 300; i++) records.push(await session.record({ provider: 'openai', model: 'gpt-4o-mini', usage: { input: 10, output: 1 } }));
		expect(session.id).toMatch(UUID_V4);
		for (const record of records) expect(record.id).toMatch(UUID_V4);
		expect(new Set(records.map((record) => record.id)).size).toBe(300);
		expect((await session.end('Success')).calls).toBe(300);
	});
});
