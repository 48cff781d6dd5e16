// ESLint: the JavaScript and typescript-eslint recommended rules, without type information (a
// type-aware run takes three to four times as long). Formatting is Prettier's (.prettierrc):
// eslint-config-prettier, last, turns off the rules that would disagree with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
	globalIgnores([
		'dist/',
		'coverage/',
		'**/.svelte-kit/',
		// what the benchmark generates: its SvelteKit app's build (bench/kit-node.ts) and bench/cost.ts's copies
		'bench/.kit-node/',
		'bench/.cost/',
		// route trees, broken modules and templates that the tests read as they are
		'test/fixtures/'
	]),
	js.configs.recommended,
	tseslint.configs.recommended,
	{
		languageOptions: {
			ecmaVersion: 2023,
			sourceType: 'module',
			globals: globals.node
		},
		linterOptions: {
			reportUnusedDisableDirectives: 'error'
		},
		rules: {
			// a leading underscore marks a parameter kept for its position, as tsc's noUnusedParameters
			// reads it (Express tells error middleware by its four parameters)
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['test/**'],
		rules: {
			// tests import route modules and fixtures whose shape they check at run time
			'@typescript-eslint/no-explicit-any': 'off'
		}
	},
	prettier
);
