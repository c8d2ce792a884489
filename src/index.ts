// tokentab: the tracker with the price catalog bundled in this version.
export * from './core';
export { createTracker } from './core/tracker-with-prices';
export { bundledCatalog } from './pricing/catalog';
