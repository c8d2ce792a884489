import type { Budget } from './normalize';

/** Who a call is spent by: the keys its budgets count it under. */
export interface Spender {
	sessionId: string;
	userId?: string;
	tags: Record<string, string>;
}

/** The counter key a budget counts this spender's calls under; `undefined`: the budget does not count them. */
export function keyOf(budget: Budget, spender: Spender): string | undefined {
	const { scope } = budget;
	if (scope === 'session') return spender.sessionId;
	if (scope === 'user') return spender.userId;
	if (scope === 'global') return '*';
	return spender.tags[scope.tag];
}
