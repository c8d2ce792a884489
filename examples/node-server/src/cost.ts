// GET /cost/:user: what a user has spent, from the calls stored in Redis (every process's).
import type { Tracker } from 'tokentab';
import { validUser } from './chat.js';

export interface UserCost {
	user: string;
	/** USD as a decimal string: the exact sum of the user's priced calls. */
	cost: string;
	calls: number;
	/** False when a call could not be priced (its tokens count, its cost is not guessed). */
	costKnown: boolean;
}

export async function userCost(tracker: Tracker, user: string): Promise<UserCost> {
	const userId = validUser(user);
	const { total } = await tracker.report({ where: { userId } });
	return { user: userId, cost: total.cost.toFixed(), calls: total.calls, costKnown: total.costKnown };
}
