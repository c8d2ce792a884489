// A benchmark's browser side: `entry` bundled by esbuild, served from a real http origin on
// loopback (so the page has IndexedDB as an app's page does), in Debian's Chromium through playwright.
// The page's module sets `globalThis.bench`; `open()` loads (or reloads) it and waits for that.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright';

const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function chromiumPage(entry) {
	const path = fileURLToPath(new URL(entry, import.meta.url));
	const script = (await build({ entryPoints: [path], bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' })).outputFiles[0].text;
	const server = createServer((req, res) => {
		if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
		else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/bench.js"></script>');
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
	const page = await browser.newPage();
	page.setDefaultTimeout(600_000);
	return {
		page,
		version: browser.version(),
		async open() {
			await page.goto(`http://127.0.0.1:${server.address().port}/`);
			await page.waitForFunction(() => globalThis.bench);
		},
		async close() {
			await browser.close();
			server.close();
		},
	};
}
