// `npx jest` at the root runs every project's unit and integration specs in one process pool
// (2 workers on CI). End-to-end specs boot the whole platform and run on their own, after.
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const projects = ['apps', 'libs']
  .flatMap((dir) => readdirSync(join(__dirname, dir)).map((name) => join(__dirname, dir, name)))
  .concat(join(__dirname, 'deploy'))
  .filter((p) => existsSync(join(p, 'jest.config.cjs')) && !p.endsWith('-e2e'));

// testTimeout is a global option: the projects' own values are ignored when run from here.
module.exports = { projects, testTimeout: 30_000 };
