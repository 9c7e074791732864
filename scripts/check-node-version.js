// Runs before `npm start` and `npm run build`: Parley's build and runtime need features of newer
// Node.js lines (require() of ES modules from 20.19; its dependencies declare 22.22+/24.15+), so an
// older Node stops here with one line instead of failing later with a module-loading stack.
const MINIMUM = '20.19.0';
// The lines the dependencies declare (nestjs-pino and file-type need >=22.12, @nestjs/cli's
// toolchain ^22.22.3 || ^24.15.0): what package.json's engines says. 24 is the active LTS.
const SUPPORTED = { 22: '22.22.3', 24: '24.15.0', 26: '26.0.0' };

function parse(version) {
  return version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);
}

function atLeast(version, floor) {
  const [a, b] = [parse(version), parse(floor)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** 'supported'; 'outside-supported' (runs, but outside the dependencies' declared ranges; Node 20 is
 * end-of-life but still tested in CI); or 'too-old' (cannot run Parley). */
function classify(version) {
  if (!atLeast(version, MINIMUM)) return 'too-old';
  const major = parse(version)[0];
  const floor = SUPPORTED[major] ?? (major > 26 ? SUPPORTED[26] : undefined);
  return floor && atLeast(version, floor) ? 'supported' : 'outside-supported';
}

const WANTED = 'Node.js 24 LTS (24.15 or later; 22.22+ also supported)';

if (require.main === module) {
  const version = process.versions.node;
  const verdict = classify(version);
  if (verdict === 'too-old') {
    process.stderr.write(`Parley needs ${WANTED}; this is Node.js ${version}.\n`);
    process.exit(1);
  }
  if (verdict === 'outside-supported') {
    process.stderr.write(
      `Warning: Node.js ${version} is outside the supported lines; Parley runs on it, but use ${WANTED}.\n`,
    );
  }
}

module.exports = { classify, MINIMUM, SUPPORTED };
