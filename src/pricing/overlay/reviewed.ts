/**
 * The day the hand overlay was last checked against the providers' pages. It dates the catalog's
 * version (`<reviewed>.<hash of the prices>`), so `npm run prices:update` is a pure function of its
 * inputs: bump it when you review or change a price, never from the clock.
 */
export const reviewed = '2026-12-07';
