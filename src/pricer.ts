// tokentab/pricer: prices calls without a tracker (a price shown before a call, a bill checked by hand).
// An entry of its own: the tracker loads the same engine on the first call it prices, so an app that
// imports only the tracker does not carry it up front.
export { createPricer } from './pricing/pricer';
export type { PriceOutcome, PriceRequest, Pricer, PricerOptions } from './pricing/pricer';
