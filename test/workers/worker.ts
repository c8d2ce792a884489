// Minimal Worker for the `workers` vitest project (test/workers/wrangler.jsonc points here). The
// tests run inside workerd next to this module; it only has to exist and export a fetch handler.
export default {
	fetch(): Response {
		return new Response('ok');
	},
};
