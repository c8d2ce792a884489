// Running totals: a tracker adds each call to its session's totals as it arrives, and folds in other
// trackers' calls (tabs, isolates, on one store) by reading only what it has not counted. Whatever
// the interleaving, its summary equals one rebuilt from the stored records. And the money behind
// it: a fixed-unit BigInt sum, exact against big.js on random amounts.
import Big from 'big.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBig } from '../../src/model/money';
import { DecimalSum } from '../../src/model/decimal';
import { iso } from '../../src/tracker/context';
import { summarize } from '../../src/tracker/summary-view';
import { createTracker, memoryStore, type Store, type SessionSummary } from '../../src/index';
import { sumBothWays } from '../support/exact-sum';

const PRICES = { 'acme/small': { input: '0.37', output: '1.1' }, 'acme/large': { input: '3.123456789', output: '15' } };
const plain = (summary: SessionSummary) => JSON.parse(JSON.stringify(summary));

/** A memory store that counts the reads of call records (`call/…` lists and ranges). */
function countingStore(): Store & { callReads: number } {
	const inner = memoryStore();
	const store = {
		...inner,
		callReads: 0,
		list<T>(prefix: string) {
			if (prefix.startsWith('call/')) store.callReads++;
			return inner.list<T>(prefix);
		},
		listRange<T>(start: string, end: string) {
			if (start.startsWith('call/')) store.callReads++;
			return inner.listRange!<T>(start, end);
		},
	};
	return store;
}

/** The summary the stored records give, rebuilt from an export: the records are the truth. */
async function rebuilt(tracker: ReturnType<typeof createTracker>, id: string): Promise<unknown> {
	const exported = await tracker.exportSession(id);
	return plain(summarize(exported.session, exported.end, exported.calls));
}

describe('running totals with two writers on one store', () => {
	it("each tracker's summary equals the one rebuilt from the records, as calls arrive in any order", async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						writer: fc.constantFrom(0, 1),
						model: fc.constantFrom('small', 'large', 'unknown'),
						input: fc.nat(5000),
						output: fc.nat(900),
						back: fc.option(fc.nat(86_400_000), { nil: undefined }),
						look: fc.boolean(),
					}),
					{ maxLength: 25 },
				),
				async (steps) => {
					const store = memoryStore();
					const trackers = [createTracker({ store, prices: PRICES }), createTracker({ store, prices: PRICES })];
					const first = await trackers[0]!.startSession({ userId: 'u' });
					const sessions = [first, (await trackers[1]!.getSession(first.id))!];
					for (const step of steps) {
						// Some calls are recorded `at` an earlier time: behind the last one the other tracker saw.
						const at = step.back === undefined ? undefined : Date.now() - step.back;
						await sessions[step.writer]!.record({ provider: 'acme', model: step.model, usage: { input: step.input, output: step.output }, ...(at === undefined ? {} : { at }) });
						if (step.look) expect(plain(await sessions[1 - step.writer]!.summary())).toEqual(await rebuilt(trackers[0]!, first.id));
					}
					const want = await rebuilt(trackers[0]!, first.id);
					expect(plain(await sessions[0]!.summary())).toEqual(want);
					expect(plain(await sessions[1]!.summary())).toEqual(want);
					const ended = await trackers[1]!.endSession(first.id, 'Success');
					expect(plain(ended)).toEqual(await rebuilt(trackers[1]!, first.id));
				},
			),
			{ numRuns: 40 },
		);
	});

	it('reads no call record while no other tracker wrote one it has not counted, and only the new ones after', async () => {
		const store = countingStore();
		const a = createTracker({ store, prices: PRICES });
		const b = createTracker({ store, prices: PRICES });
		const session = await a.startSession();
		for (let i = 0; i < 50; i++) await session.record({ provider: 'acme', model: 'small', usage: { input: 10 } });
		store.callReads = 0;
		expect((await session.summary()).calls).toBe(50);
		expect(store.callReads).toBe(0);
		const other = (await b.getSession(session.id))!;
		await other.record({ provider: 'acme', model: 'large', usage: { output: 3 } });
		store.callReads = 0;
		const summary = await session.summary();
		expect(summary).toMatchObject({ calls: 51, incomplete: false });
		expect(summary.byModel.map((model) => [model.model, model.calls])).toEqual([
			['small', 50],
			['large', 1],
		]);
		// One key range from the last fold on, not the session's calls again.
		expect(store.callReads).toBe(1);
		store.callReads = 0;
		await session.summary();
		expect(store.callReads).toBe(0);
	});

	it('an import into a session another tracker holds is counted at its next summary', async () => {
		const store = memoryStore();
		const source = createTracker({ prices: PRICES });
		const exported = await source.startSession({ id: 'shared' });
		for (let i = 0; i < 3; i++) await exported.record({ provider: 'acme', model: 'small', usage: { input: 1 } });
		const a = createTracker({ store, prices: PRICES });
		const held = await a.startSession({ id: 'shared' });
		await held.record({ provider: 'acme', model: 'large', usage: { input: 1 } });
		expect((await held.summary()).calls).toBe(1);
		await createTracker({ store, prices: PRICES }).importSession(await source.exportSession('shared'));
		expect(plain(await held.summary())).toEqual(await rebuilt(a, 'shared'));
		expect((await held.summary()).calls).toBe(4);
	});
});

describe('money as a fixed-unit BigInt sum', () => {
	const decimal = fc
		.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.nat(18), fc.bigInt({ min: 0n, max: 10n ** 18n }))
		.map(([whole, digits, fraction]) => (digits === 0 ? `${whole}` : `${whole}.${(fraction % 10n ** BigInt(digits)).toString().padStart(digits, '0')}`));

	it('stays exact where the fast count would pass 2^53: 15-digit costs, added until it folds many times over', () => {
		// Costs of 15 digits at one scale take the double's fast path; 2^53 is passed within ten adds.
		const fifteen = fc.tuple(fc.bigInt({ min: 10n ** 14n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 14 })).map(([digits, point]) => {
			const text = digits.toString();
			return point === 0 ? text : `${text.slice(0, 15 - point)}.${text.slice(15 - point)}`;
		});
		fc.assert(
			fc.property(fc.array(fifteen, { minLength: 20, maxLength: 200 }), (values) => {
				const { sum, big } = sumBothWays(values);
				expect(sum).toBe(big);
			}),
			{ numRuns: 300 },
		);
	});

	it('sums random decimal strings exactly as big.js does, in any order and in parts', () => {
		fc.assert(
			fc.property(fc.array(decimal, { maxLength: 60 }), fc.nat(60), (values, split) => {
				const whole = new DecimalSum();
				const [left, right] = [new DecimalSum(), new DecimalSum()];
				let big = new Big(0);
				values.forEach((value, index) => {
					whole.add(value);
					(index < split ? left : right).add(value);
					big = big.plus(value);
				});
				left.addSum(right);
				expect(toBig(whole).toFixed()).toBe(big.toFixed());
				expect(toBig(left).toFixed()).toBe(big.toFixed());
				expect(toBig(whole).eq(big)).toBe(true);
			}),
			{ numRuns: 500 },
		);
	});

	it("a summary's cost is the exact sum of its records' costs", async () => {
		const tracker = createTracker({ prices: PRICES });
		const session = await tracker.startSession();
		let want = new Big(0);
		for (let i = 1; i <= 200; i++) {
			const record = await session.record({ provider: 'acme', model: i % 3 ? 'small' : 'large', usage: { input: i * 7, output: i } });
			want = want.plus(record.cost!);
		}
		expect((await session.summary()).cost.toFixed()).toBe(want.toFixed());
	});
});

describe('record times', () => {
	it('are written as Date writes them, a second formatted once', () => {
		const second = fc.integer({ min: 0, max: 4e12 }).map((ms) => ms - (ms % 1000));
		fc.assert(
			fc.property(second, fc.array(fc.nat(999), { maxLength: 10 }), (start, millis) => {
				for (const ms of [start, ...millis.map((milli) => start + milli), start + 1000]) expect(iso(ms)).toBe(new Date(ms).toISOString());
			}),
			{ numRuns: 300 },
		);
		for (const ms of [-1, 1.5, 253402300800000, 8.64e15]) expect(iso(ms)).toBe(new Date(ms).toISOString());
		expect(() => iso(Number.NaN)).toThrow(RangeError);
	});
});
