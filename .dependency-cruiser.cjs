/**
 * The layers of docs/adr/0002: dependencies point one way, and nothing forms a cycle.
 * domain imports nothing outside itself; data may use domain; services use data and domain; only app.ts,
 * server.ts, the CLI and composition know about the web layer or wire things together.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds the rules: no I/O, no framework, nothing from the other layers.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '^node_modules/zod/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-no-node-io',
      comment: 'domain/ may not touch the file system, network, database or process.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'data-below-services',
      severity: 'error',
      from: { path: '^src/data/' },
      to: { path: '^src/(services|web|cli|jobs|fhir)/' },
    },
    {
      name: 'services-below-web',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(web|cli|jobs|fhir)/' },
    },
    {
      name: 'web-reaches-data-through-services',
      comment:
        'web/ calls use cases and reads domain types; it never reaches a repository, a table row or a data helper, ' +
        'not even for a type (docs/adr/0019).',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/data/' },
    },
    {
      name: 'nothing-imports-web',
      comment: 'Only the app factory and the composition root wire the web layer in.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/web/', '^src/app\\.ts$', '^src/composition\\.ts$'] },
      to: { path: '^src/web/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'config-only-at-the-top',
      comment: 'Only the entry points read configuration; everything else receives it.',
      severity: 'error',
      from: { path: '^src/(domain|data|services)/' },
      to: { path: '^src/config\\.ts$', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests sit beside the code but are not part of its layers (they use vitest, fast-check and fixtures on disk).
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
