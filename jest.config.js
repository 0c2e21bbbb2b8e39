// Unit tests are colocated (`src/**/*.spec.ts`); they share the e2e suite's compiler settings.
// SWC compiles without type-checking; `npm test` runs `tsc --noEmit` first.
const e2e = require('./test/jest-e2e.json');

// A mutation run (`npm run test:mutants`) works on a copy of the project in .stryker-tmp.
const mutationSandbox = '<rootDir>/.stryker-tmp/';

module.exports = {
  ...e2e,
  rootDir: __dirname,
  testRegex: 'src/.*\\.spec\\.ts$',
  testTimeout: 10000,
  testPathIgnorePatterns: ['/node_modules/', mutationSandbox],
  modulePathIgnorePatterns: [mutationSandbox],
};
