// Unit tests are colocated (`src/**/*.spec.ts`); they share the e2e suite's compiler settings.
// SWC compiles without type-checking; `npm test` runs `tsc --noEmit` first.
const e2e = require('./test/jest-e2e.json');

module.exports = { ...e2e, rootDir: __dirname, testRegex: 'src/.*\\.spec\\.ts$', testTimeout: 10000 };
