// tokentab: the tracker with the price catalog bundled in this version, each provider's prices
// loaded when a call to it is first priced (`bundledCatalog`, or `tokentab/prices`, has them all up front).
export * from './core';
export { createTracker } from './tracker/with-prices';
export { bundledCatalog } from './pricing/catalog';
export { bundledPrices } from './pricing/bundled';
