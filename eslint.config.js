// ESLint for gitota: typescript-eslint's strict and stylistic rule sets, type-aware, over the
// hand-written code in src/, test/ and scripts/. Prettier owns layout, so eslint-config-prettier
// comes last and switches off every rule that would argue with it. `npm run lint` runs this (and
// `npm test` runs `npm run lint`); see docs/development.md.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Generated code, bundles, fixtures and build output are bytes that something else owns
    // (the same list as .prettierignore).
    ignores: [
      'dist/',
      'lib/',
      'bench/lib/',
      'types/',
      'node_modules/',
      '**/*.generated.*',
      'test/fixtures/',
      'coverage/',
    ],
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs,mts}', '*.ts', 'eslint.config.js'],
    extends: [
      js.configs.recommended,
      ...tseslint.configs.strictTypeChecked,
      ...tseslint.configs.stylisticTypeChecked,
    ],
    languageOptions: {
      parserOptions: {
        // One TypeScript program from tsconfig.json for the .ts files; the few .mjs scripts and
        // this file are type-checked in a default project of their own.
        projectService: {
          allowDefaultProject: ['scripts/*.mjs', 'scripts/*.mts', 'eslint.config.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Numbers print the same on every engine; requiring String(n) in ~800 messages adds noise
      // and no safety. Everything else (undefined, objects, any) still has to be made explicit.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allowNumber: true,
          allowAny: false,
          allowBoolean: false,
          allowNullish: false,
          allowRegExp: false,
          allowNever: false,
          allowArray: false,
        },
      ],
      // The house style (before the linter came): `T[]` for simple types, `Array<...>` for
      // object literals and unions, where `{...}[]` reads badly.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // `() => doSomething()` as a callback is clearer than a block for one call; everything
      // else that uses a void value as a value is still reported.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // The code compiles with noUncheckedIndexedAccess, so every `xs[i]` and regex group is
      // `T | undefined`; `xs[i]!` right after a bounds check or a successful match is the idiom
      // that flag asks for. Keeping this rule would turn those into `as T` casts (no safer) or
      // dead runtime checks. non-nullable-type-assertion-style (on) then prefers `!` to `as T`.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `const { data, ...rest } = entry` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
  },
  {
    // Tests: the assertion is the check. They read JSON that gitota wrote (`JSON.parse` is
    // `any`) and poke into it, stand in for async seams with async functions that need no
    // await, hand methods to `expect`, and probe values that the types say cannot be absent
    // (hostile inputs break exactly those promises).
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // Plain JavaScript scripts have no types to check values against: every import from an
    // untyped module and every JSON.parse is `any`, so the no-unsafe-* family only restates that.
    files: ['**/*.mjs', '**/*.js'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);
