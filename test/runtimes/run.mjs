// Runs the suite against the built package in whichever runtime runs this file (Node, Deno, Bun):
// `<runtime> test/runtimes/run.mjs <test server URL>`. Prints the result as JSON; exits 1 on failure.
import * as tokentab from '../../dist/index.js';
import { runSuite } from './suite.mjs';

const base = globalThis.Deno ? globalThis.Deno.args[0] : globalThis.process.argv[2];
try {
	console.log(JSON.stringify(await runSuite(tokentab, base)));
} catch (error) {
	console.error(error);
	globalThis.Deno ? globalThis.Deno.exit(1) : globalThis.process.exit(1);
}
