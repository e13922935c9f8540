// `npx jest` at the root runs every project's specs in one process pool (2 workers on CI).
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const projects = ['apps', 'libs']
  .flatMap((dir) => readdirSync(join(__dirname, dir)).map((name) => join(__dirname, dir, name)))
  .filter((p) => existsSync(join(p, 'jest.config.cjs')));

module.exports = { projects };
