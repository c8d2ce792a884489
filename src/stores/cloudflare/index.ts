export { TokentabDurableObject } from './object';
export { durableObjectStore } from './store';
export type { DurableObjectNamespaceLike } from './store';
export type { BudgetCounter, BudgetOp, BudgetResult } from '../../model/budget-counter';
