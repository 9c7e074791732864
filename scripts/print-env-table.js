// Prints the README's environment table from libs/config's schema (run after `npm run build`).
// The rendering lives beside the schema (libs/config/src/env-table.ts), where the test suite
// checks the README against it.
const { renderEnvTable } = require('../dist/libs/config/src/env-table');

console.log(renderEnvTable());
