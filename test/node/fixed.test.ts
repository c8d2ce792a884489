import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { applyBudgetOp, type BudgetCounter, type BudgetOp, type BudgetResult } from '../../src/model/budget-counter';
import { compare, fixed, fixedOfNumber, plus, times, toDecimal } from '../../src/model/fixed';

let seed = 20261207;
const random = (below: number) => (seed = (seed * 48271) % 2147483647) % below;
/** A non-negative decimal string of a cost's shape: up to 7 integer digits, up to 18 fraction digits, zeros kept. */
const decimal = () => {
	const whole = random(4) === 0 ? '0' : String(random(10 ** (1 + random(7))));
	const digits = random(19);
	return digits ? `${whole}.${Array.from({ length: digits }, () => random(10)).join('')}` : whole;
};

/** The rule as big.js computes it: the reference the integer arithmetic must equal, digit for digit. */
function applyWithBig(read: (key: string) => BudgetCounter | undefined, op: BudgetOp): { result: BudgetResult; write?: BudgetCounter } {
	const own = op.reserve?.id ?? op.settle?.id;
	const live = (id: string, at: number) => id !== own && op.now - at < op.holdMs;
	let spent = new Big(0);
	let held = new Big(0);
	for (const key of op.read) {
		const counter = read(key);
		if (!counter) continue;
		spent = spent.plus(counter.spent);
		for (const [id, [amount, at]] of Object.entries(counter.held)) if (live(id, at)) held = held.plus(amount);
	}
	const result: BudgetResult = { ok: true, spent: spent.toFixed(), held: held.toFixed(), fired: [] };
	if (op.reserve && spent.plus(held).plus(op.reserve.amount).gt(op.limit)) return { result: { ...result, ok: false } };
	const current = read(op.write) ?? { spent: '0', held: {} };
	const next: BudgetCounter = { spent: current.spent, held: Object.fromEntries(Object.entries(current.held).filter(([id, [, at]]) => live(id, at))) };
	if (op.reserve) next.held[op.reserve.id] = [op.reserve.amount, op.now];
	if (op.settle) {
		next.spent = new Big(current.spent).plus(op.settle.amount).toFixed();
		const after = spent.plus(op.settle.amount);
		result.fired = (op.thresholds ?? []).flatMap((fraction, index) => {
			const mark = new Big(op.limit).times(fraction);
			return spent.lt(mark) && after.gte(mark) ? [index] : [];
		});
	}
	return { result, write: next };
}

describe('exact integer arithmetic on decimal strings (src/model/fixed.ts)', () => {
	it('sums, multiplies, compares and writes as big.js does, over 20,000 random amounts', () => {
		for (let i = 0; i < 20_000; i++) {
			const [a, b] = [decimal(), decimal()];
			expect(toDecimal(plus(fixed(a), fixed(b)))).toBe(new Big(a).plus(b).toFixed());
			expect(toDecimal(times(fixed(a), fixed(b)))).toBe(new Big(a).times(b).toFixed());
			expect(Math.sign(compare(fixed(a), fixed(b)))).toBe(new Big(a).cmp(b));
		}
	});

	it('reads a fraction as new Big(number) does, the shortest text of a double, exponents included', () => {
		for (const fraction of [0.5, 0.8, 1, 1.5, 0.1 + 0.2, 1 / 3, 1e-7, 2.5e-10, 1e21, 3e22])
			expect(toDecimal(times(fixed('12.34'), fixedOfNumber(fraction)))).toBe(new Big('12.34').times(fraction).toFixed());
	});

	it('applies random budget changes exactly as the big.js rule: results, counters and thresholds', () => {
		const counters = new Map<string, BudgetCounter>();
		const compared = new Map<string, BudgetCounter>();
		const open: string[] = [];
		let refused = 0;
		let fired = 0;
		/** An amount of a call's size against the limits below, with up to 18 fraction digits. */
		// A third of them round (`1.5`, `2.0`) against round limits: spending then lands on a mark exactly.
		const amount = () => (random(3) === 0 ? `${random(3)}.${5 * random(2)}` : `${random(2)}.${Array.from({ length: 1 + random(18) }, () => random(10)).join('')}`);
		for (let step = 0; step < 6_000; step++) {
			// A new window every 150 changes, so that spending climbs past the thresholds again and again.
			const keys = [0, 1, 2].map((slice) => `w/${Math.floor(step / 150)}/${slice}`);
			const write = keys[random(3)]!;
			const limit = [decimal(), `${1 + random(20)}.${random(1000)}`, `${2 * (1 + random(6))}`][random(3)]!;
			const base = { read: keys.slice(0, 1 + random(3)), write, limit, now: step * 1000, holdMs: 40_000, thresholds: [0.25, 1 / 3, 0.5, 0.8, 1] };
			let op: BudgetOp;
			if (open.length && random(2) === 0) op = { ...base, settle: { id: open.splice(random(open.length), 1)[0]!, amount: random(5) === 0 ? '0' : amount() } };
			else {
				const id = `c${step}`;
				open.push(id);
				op = { ...base, reserve: { id, amount: amount() } };
			}
			const ours = applyBudgetOp((key) => counters.get(key), op);
			const reference = applyWithBig((key) => compared.get(key), op);
			expect(ours).toEqual(reference);
			if (ours.write) counters.set(op.write, ours.write);
			if (reference.write) compared.set(op.write, reference.write);
			if (!ours.result.ok) refused++;
			fired += ours.result.fired.length;
		}
		// Both outcomes were exercised, and thresholds fired along the way.
		expect(refused).toBeGreaterThan(100);
		expect(refused).toBeLessThan(5_000);
		expect(fired).toBeGreaterThan(100);
	});
});
