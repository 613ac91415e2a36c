// ESLint for the whole tree (issue 16, "Lint in CI"). Small on purpose: recommended JS and typescript-eslint
// rules, plus the few rules that keep the house's shape — file size, import boundaries, no forgotten promise.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import comments from '@eslint-community/eslint-plugin-eslint-comments';
import tseslint from 'typescript-eslint';

/** Written by scripts, not by hand: exempt from max-lines (and ignored by Prettier too). */
const GENERATED = ['apps/web/src/**/i18n/zh-TW.ts'];

const TS = ['**/*.ts', '**/*.tsx'];
const SPEC_OR_TESTKIT = ['**/*.spec.ts', '**/*.spec.tsx', '**/*.testkit.ts'];

const serverModules = readdirSync(new URL('./apps/server/src/modules', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

// The composition root: only it (and tests, which compose the app) may see every module.
const compositionRoot = (prefix) => ({
  group: [`${prefix}app.ts`, `${prefix}app`, `${prefix}compose.ts`, `${prefix}compose`],
  message: 'A module or the core never imports the composition root: take what you need as a port from build().',
});

// A module reaches another module only through its index.ts. Relative specifiers depend on how deep the importing
// file sits, so the patterns are written per module and per depth (files directly in the module folder, one and two
// folders below). Tests may also use another module's testkit: it is that module's public test surface, and putting
// it in index.ts would ship test code.
const DEPTHS = [0, 1, 2];
const crossModule = (self, depth, { testkits }) => {
  const up = '../'.repeat(depth + 1);
  const others = serverModules.filter((m) => m !== self);
  return {
    group: others.flatMap((m) => [
      `${up}${m}/**`,
      `!${up}${m}/index.ts`,
      ...(testkits ? [`!${up}${m}/*.testkit.ts`] : []),
    ]),
    message: 'Import another module only through its index.ts (modules/<name>/index.ts).',
  };
};
const moduleBoundaries = serverModules.flatMap((self) =>
  DEPTHS.flatMap((depth) => {
    const dir = `apps/server/src/modules/${self}/${'*/'.repeat(depth)}`;
    return [
      {
        files: [`${dir}*.{ts,tsx}`],
        rules: {
          'no-restricted-imports': [
            'error',
            { patterns: [crossModule(self, depth, { testkits: false }), compositionRoot('../'.repeat(depth + 2))] },
          ],
        },
      },
      {
        files: SPEC_OR_TESTKIT.map((s) => dir + s.replace('**/', '')),
        rules: { 'no-restricted-imports': ['error', { patterns: [crossModule(self, depth, { testkits: true })] }] },
      },
    ];
  }),
);

// All SQL of a module lives in its repositories (architecture.md): services hold the rules, routes parse and call.
// A query-builder call or a `sql` template anywhere else in a module, or in a core route, is refused here.
const QUERY_BUILDER = /^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto)$/;
const sqlOnlyInRepositories = {
  files: ['apps/server/src/modules/**/*.ts', 'apps/server/src/http/routes/**/*.ts'],
  ignores: [...SPEC_OR_TESTKIT, '**/*.repository.ts', '**/*.schema.ts'],
  rules: {
    'no-restricted-syntax': [
      'error',
      {
        selector: `CallExpression[callee.property.name=${QUERY_BUILDER}]`,
        message: "SQL belongs in the module's repository (<name>.repository.ts): call a repository function.",
      },
      {
        selector: "TaggedTemplateExpression[tag.name='sql']",
        message: "SQL belongs in the module's repository (<name>.repository.ts): call a repository function.",
      },
    ],
  },
};

const coreNeverImportsModules = {
  group: ['**/modules', '**/modules/**'],
  message: 'The core knows no module: a module registers itself through its manifest (defineModule).',
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'bench/results/**', 'docs/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // the few plain JavaScript files are Node scripts; TypeScript files get their globals from their tsconfig
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
  {
    plugins: { '@eslint-community/eslint-comments': comments },
    rules: {
      // Files under 400 lines: blank lines and comments count too, so a file cannot stay long by being airy or by
      // narrating itself; 400 is the size one reads in a sitting.
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      // no /* eslint-disable */ without naming a rule, and never for max-lines: split the file instead
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
      '@eslint-community/eslint-comments/no-restricted-disable': ['error', 'max-lines'],
    },
  },
  {
    files: TS,
    languageOptions: {
      parserOptions: {
        // each file is checked with the nearest tsconfig.json (apps/server, apps/web, apps/web/e2e, bench,
        // packages/contracts); the few loose TypeScript files at the edges use a default project
        projectService: { allowDefaultProject: ['*.ts', 'scripts/*.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // TypeScript reports undefined names itself, with the right globals per project
      'no-undef': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: GENERATED,
    rules: { 'max-lines': 'off' },
  },
  {
    files: ['apps/server/src/core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [coreNeverImportsModules, compositionRoot('**/')] }],
    },
  },
  {
    // tests may compose the whole app, but the core's own code may not reach a module even from a test
    files: SPEC_OR_TESTKIT.map((s) => `apps/server/src/core/${s}`),
    rules: { 'no-restricted-imports': ['error', { patterns: [coreNeverImportsModules] }] },
  },
  ...moduleBoundaries,
  sqlOnlyInRepositories,
  {
    // The web app ships to browsers: it shares types and schemas with the server only through the contracts package.
    // The end-to-end suite (apps/web/e2e) is a test that starts the real server, so it may use the server's test kit.
    files: ['apps/web/src/**/*.{ts,tsx}', 'apps/web/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/src/**', '**/server/test/**', '@grassroots/server', '@grassroots/server/**'],
              message: 'The web imports no server code: use @grassroots/contracts.',
            },
          ],
        },
      ],
      // the web build's zod is an inert stand-in (src/shared/zodStub.ts): a schema parses nothing in the browser
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name=/^(safeParse|parseAsync|safeParseAsync|spa)$/], CallExpression[callee.property.name='parse'][callee.object.name!='JSON']",
          message: 'The web build has no zod (vite.config.ts aliases an inert stand-in): the server validates.',
        },
      ],
    },
  },
);
