/* The architecture, written down and enforced (`npm run deps:check`, part of `npm test`). Layers, from the bottom:
 *   shared/core      the domain core: scenario, engine, settlement, presets, need index, simulation, explain.
 *                    Pure and deterministic: no I/O, no HTTP, no AWS, no Node built-ins; zod is its only package.
 *   shared/contract  the service contract above it: wire schemas, engine operations, service errors, the table
 *                    specification as plain data. Same purity rules as the core.
 *   adapters         addin/ (Excel), cli/, functions/ (Lambda handlers, local runtime, simulation runtime),
 *                    infra/ (CDK), scripts/, bench/.
 * Dependencies point down only. Every module of shared/ (and the simulation runtime room, functions/simulations)
 * has a front door, index.ts, and nothing outside the module imports past it. Tests may reach inside a module
 * to test its parts; nothing else may import a test. */

const SHARED_MODULE = '^shared/(?:core|contract)/[^/]+/';
const ROOM = `(?:${SHARED_MODULE}|^functions/simulations/)`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be understood, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-stays-at-the-bottom',
      severity: 'error',
      comment: 'The domain core imports nothing of ours above it.',
      from: { path: '^shared/core/' },
      to: { path: '^(?:shared/contract|functions|cli|addin|infra|scripts|bench|test)/' },
    },
    {
      name: 'core-base-is-the-floor',
      severity: 'error',
      comment:
        'shared/core/base (domain errors, the explanation step, money rounding) is what every core module uses.',
      from: { path: '^shared/core/base/' },
      to: { path: '^shared/core/(?!base/)' },
    },
    {
      name: 'contract-below-adapters',
      severity: 'error',
      comment:
        'The service contract never imports an adapter: HTTP status codes and AWS types live in functions/.',
      from: { path: '^shared/contract/' },
      to: { path: '^(?:functions|cli|addin|infra|scripts|bench|test)/' },
    },
    {
      name: 'shared-uses-no-node-builtins',
      severity: 'error',
      comment:
        'shared/ runs in Lambda, in the CLI and in the browser (the add-in): no Node built-in modules, no I/O.',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-depends-on-zod-only',
      severity: 'error',
      comment:
        'No AWS SDK, no database drivers, no UI libraries in shared/: zod is the one package it may use.',
      from: { path: '^shared/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: '^node_modules/zod/',
      },
    },
    {
      name: 'front-door-within-shared',
      severity: 'error',
      comment: 'A module of shared/ reaches another only through its index.ts.',
      from: { path: `(${SHARED_MODULE})` },
      to: { path: SHARED_MODULE, pathNot: ['^$1', '/index\\.ts$'] },
    },
    {
      name: 'front-door-from-adapters',
      severity: 'error',
      comment: 'Adapters import a module of shared/, or the simulation runtime, only through its index.ts.',
      from: { path: '^(?:addin|cli|functions|infra|scripts|bench)/', pathNot: '^functions/simulations/' },
      to: { path: ROOM, pathNot: '/index\\.ts$' },
    },
    {
      name: 'addin-talks-to-the-contract-only',
      severity: 'error',
      comment:
        'The add-in runs in Excel: it shares the contract and the core, never server, CLI or deployment code.',
      from: { path: '^addin/' },
      to: { path: '^(?:functions|cli|infra|scripts|bench)/' },
    },
    {
      name: 'functions-do-not-import-other-adapters',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(?:cli|addin|infra|scripts|bench)/' },
    },
    {
      name: 'cli-uses-only-the-simulation-runtime-of-functions',
      severity: 'error',
      comment:
        'The CLI shares the worker pool with the local service (functions/simulations), nothing else of functions/.',
      from: { path: '^cli/' },
      to: { path: '^(?:functions/(?!simulations/)|addin|infra)' },
    },
    {
      name: 'nothing-imports-tests',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(?:dist|cdk\\.out|\\.data|addin/dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
