import { assertDecimalString } from '../model/decimal';
import type { BudgetScope } from '../errors/BudgetExceededError';
import { InvalidArgumentError } from '../errors/InvalidArgumentError';
import type { BudgetConfig, BudgetWindow } from './types';

/** A budget as validated, with every default filled in. */
export interface Budget {
	name: string;
	scope: BudgetScope;
	limit: string;
	window: BudgetWindow;
	timeZone: string;
	mode: 'warn' | 'enforce';
	thresholds: number[];
	unpriced: 'block' | 'allow';
	reserve: 'bound' | 'typical';
}

/** Who a call is spent by, for the scopes to pick their key. */
const scopeName = (scope: BudgetScope) => (typeof scope === 'object' ? `tag:${scope.tag}` : scope);
const windowName = (window: BudgetWindow) => (typeof window === 'object' ? `rolling:${window.rollingMs}` : window);

/** `value` if it is one of `allowed`, else a typed error naming them. */
function oneOf<T extends string>(value: T, allowed: readonly T[], where: string): T {
	if (!allowed.includes(value)) throw new InvalidArgumentError(`${where} must be ${allowed.map((name) => `'${name}'`).join(' or ')}`);
	return value;
}

/** Checks the tracker's `budgets` option: a typed error for anything it cannot use. */
export function normalizeBudgets(configs: BudgetConfig[] | undefined): Budget[] {
	if (configs === undefined) return [];
	if (!Array.isArray(configs)) throw new InvalidArgumentError('budgets must be an array');
	const names = new Set<string>();
	return configs.map((config, i) => {
		const where = `budgets[${i}]`;
		const { scope } = config;
		if (!(scope === 'session' || scope === 'user' || scope === 'global' || (typeof scope === 'object' && scope !== null && typeof scope.tag === 'string' && scope.tag))) {
			throw new InvalidArgumentError(`${where}.scope must be 'session', 'user', 'global' or { tag }`);
		}
		assertDecimalString(config.limit, `${where}.limit`);
		const window = config.window ?? (scope === 'session' ? 'session' : undefined);
		if (window === undefined) throw new InvalidArgumentError(`${where}.window is needed for a ${scopeName(scope)} budget`);
		if (!(window === 'session' || window === 'day' || window === 'week' || window === 'month' || (typeof window === 'object' && Number.isSafeInteger(window.rollingMs) && window.rollingMs >= 60))) {
			throw new InvalidArgumentError(`${where}.window must be 'session', 'day', 'week', 'month' or { rollingMs } (60 ms or more)`);
		}
		if (window === 'session' && scope !== 'session') throw new InvalidArgumentError(`${where}: only a session budget can count a session's life`);
		const timeZone = config.timeZone ?? 'UTC';
		try {
			new Intl.DateTimeFormat('en-US', { timeZone });
		} catch {
			throw new InvalidArgumentError(`${where}.timeZone ${JSON.stringify(timeZone)} is not a time zone`);
		}
		const mode = oneOf(config.mode ?? 'warn', ['warn', 'enforce'], `${where}.mode`);
		const thresholds = config.thresholds ?? [];
		if (!Array.isArray(thresholds) || thresholds.some((t, j) => typeof t !== 'number' || !(t > 0) || (j > 0 && t <= thresholds[j - 1]!))) {
			throw new InvalidArgumentError(`${where}.thresholds must be ascending fractions above 0, such as [0.5, 0.8, 1]`);
		}
		const unpriced = oneOf(config.unpriced ?? 'block', ['block', 'allow'], `${where}.unpriced`);
		const reserve = oneOf(config.reserve ?? 'bound', ['bound', 'typical'], `${where}.reserve`);
		const name = config.name ?? `${scopeName(scope)}/${windowName(window)}`;
		if (names.has(name)) throw new InvalidArgumentError(`${where}: two budgets are named ${JSON.stringify(name)}; give one a name`);
		names.add(name);
		return { name, scope, limit: config.limit, window, timeZone, mode, thresholds, unpriced, reserve };
	});
}
