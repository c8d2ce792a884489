// The toolchain (vitest 5, wrangler, ky 2) needs Node >= 22.12. `npm install` puts Node 22 from the
// `node` devDependency first on PATH for npm scripts; if that step was skipped, stop here clearly.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
	console.error(
		`tokentab: npm scripts need Node >= 22.12, but this is Node ${process.versions.node}.\n` + 'Run `npm install` (without --ignore-scripts) so the `node` devDependency installs Node 22.',
	);
	process.exit(1);
}
