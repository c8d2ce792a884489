import type * as tokentab from '../../dist/index.js';

export function runSuite(api: Pick<typeof tokentab, 'createTracker' | 'reportToCSV'>, base: string): Promise<{ cost: string; calls: number; events: number }>;
