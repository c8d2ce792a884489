// Lint with type information (typescript-eslint): a library whose first promise is "never break the
// host app" must not drop a rejected promise anywhere. Formatting is Biome's (biome.json).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	// Tests, scripts and benchmarks are checked by tsc (npm run typecheck); the generated price data by prices:update.
	{ ignores: ['dist/', 'node_modules/', 'src/pricing/data/', 'examples/', 'bench/', 'scripts/', 'test/', 'prices/', '**/*.mjs', '**/*.cjs', '**/*.js'] },
	js.configs.recommended,
	...tseslint.configs.recommendedTypeChecked,
	{
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			// Forwarding a rejection as it came (a store's, a stream's) is right; making one up is not.
			'@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
			'@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
			// `const { toJSON: _, ...rest } = value` leaves a key out of a copy.
			'@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
			// Off: a store method is `async` so that a throw becomes a rejection, with or without an await in it.
			'@typescript-eslint/require-await': 'off',
			// Off: the interfaces (Store, WireFormat, Watcher) declare methods that are closures, never reading `this`; they are passed as values by design.
			'@typescript-eslint/unbound-method': 'off',
		},
	},
	{
		// Off here: the readers walk JSON whose shape is the provider's (and a request's, the app's), typed `Json`
		// (providers/read.ts) on purpose; every value passes a runtime check (count(), typeof) before it is used.
		files: ['src/providers/**', 'src/estimate/estimate.ts'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unsafe-assignment': 'off',
			'@typescript-eslint/no-unsafe-member-access': 'off',
			'@typescript-eslint/no-unsafe-return': 'off',
			'@typescript-eslint/no-unsafe-argument': 'off',
		},
	},
);
