// ESLint: typed rules for the TypeScript that runs on the host (engine, app, scripts, tests);
// syntax-level rules only for the AssemblyScript hart (engine/hw/as), whose builtins
// (load, store, u64 ...) TypeScript's checker does not know. The layering rules (which layer
// may import which, no DOM in the engine) are in eslint.layering.js.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { layering } from './eslint.layering.js';

export default tseslint.config(
  {
    ignores: [
      'dist-*/',
      'test-results-*/',
      'node_modules/',
      'dist/',
      'engine/hw/generated/',
      'engine/hw/as/generated/',
      'scratch/',
      'userland/bin/',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['dist-*/', 'test-results-*/', 'engine/hw/as/**'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['engine/hw/as/**/*.ts'],
    extends: [...tseslint.configs.recommended],
    rules: {
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none' }],
      // AssemblyScript casts are written <T>x and its integer types are not TS types
      '@typescript-eslint/no-inferrable-types': 'off',
      'prefer-const': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  ...layering,
);
