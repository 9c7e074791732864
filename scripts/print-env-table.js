// Prints the README's environment table from libs/config's schema (run after `npm run build`).
const { CONFIG_SCHEMA } = require('../dist/libs/config/src/config.schema');

console.log('| variable | default | what it does |');
console.log('| --- | --- | --- |');
for (const [name, spec] of Object.entries(CONFIG_SCHEMA)) {
  const fallback =
    spec.default === undefined
      ? '(unset)'
      : spec.default === ''
        ? '(empty)'
        : `\`${spec.default}\``;
  console.log(`| \`${name}\` | ${fallback} | ${spec.description} |`);
}
