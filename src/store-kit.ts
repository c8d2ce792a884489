// tokentab/store-kit: what a store of your own builds on. `applyBudgetOp` is the budget change every
// built-in store runs inside its own atomic step (a Map, one IndexedDB transaction, one Durable Object
// call, one Redis script). An entry of its own: it brings big.js, which a tracker loads only with budgets.
export { applyBudgetOp } from './model/budget-counter';
export type { BudgetCounter, BudgetOp, BudgetResult } from './model/budget-counter';
export type { Store } from './stores/types';
