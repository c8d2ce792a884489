import type * as tokentab from '../../src/index';

export function runSuite(api: Pick<typeof tokentab, 'createTracker'>, base: string): Promise<{ cost: string; calls: number; events: number }>;
