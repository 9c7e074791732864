import { CONFIG_SCHEMA } from './config.schema';

/**
 * The README's environment table (Markdown, one row per variable in the schema's order), as
 * `node scripts/print-env-table.js` prints it; load-config.spec.ts holds the README to it.
 */
export function renderEnvTable(): string {
  const rows = Object.entries(CONFIG_SCHEMA).map(([name, spec]) => {
    const fallback: string | undefined = (spec as { default?: string }).default;
    const shown =
      fallback === undefined ? '(unset)' : fallback === '' ? '(empty)' : `\`${fallback}\``;
    return `| \`${name}\` | ${shown} | ${spec.description} |`;
  });
  return ['| variable | default | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}
