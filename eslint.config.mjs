import nx from '@nx/eslint-plugin';

/**
 * Two-dimensional Nx tags (scope × type): apps never import apps, `contracts` and `ml` import
 * nothing of ours but `contracts`, and the test kit stays out of production code.
 */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/generated', '.data/**', '.nx/**', 'tmp/**'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:ml', onlyDependOnLibsWithTags: ['type:contracts', 'type:ml'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
            { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:client'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:ml', 'type:platform', 'type:client', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:api-gateway', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:feature-store', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:model-registry', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:training-orchestrator', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:prediction-serving', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:recommendation', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:monitoring', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Non-null assertions are used where an invariant is local and obvious (map built just above).
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The test kit (fixtures, infrastructure control) is for specs only.
    files: ['apps/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@foresight/testing', message: 'Test kit: import it from specs only.' }] }],
    },
  },
];
