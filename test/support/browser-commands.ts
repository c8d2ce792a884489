import { build } from 'esbuild';
import type { BrowserCommand } from 'vitest/node';

/**
 * Runs in the node process: bundles a module (src included) into one ESM script, so a frame that
 * cannot load modules from vitest's server (an opaque-origin sandboxed frame) can still run it.
 */
export const bundle: BrowserCommand<[entry: string]> = async (_context, entry) => {
	const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
	return result.outputFiles[0]!.text;
};

declare module 'vitest/browser' {
	interface BrowserCommands {
		bundle: (entry: string) => Promise<string>;
	}
}
