#!/usr/bin/env node
// Compiles one app (and the libs it may import) to dist/ with SWC.
// Why SWC and not tsc: it keeps decorator metadata (NestJS DI needs it), compiles the whole
// workspace in about a second, and rewrites the `@foresight/*` path aliases to relative paths,
// so the output runs on plain Node with no alias loader. Type checking is `npm run typecheck`.
import { transformFile } from '@swc/core';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile, copyFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outRoot = join(root, 'dist');
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));

const isSpec = (f) => /\.(spec|e2e-spec)\.ts$/.test(f) || f.endsWith('.d.ts');
const ASSET = /\.(proto|json|graphql)$/;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else yield p;
  }
}

async function compileDir(srcDir) {
  let n = 0;
  for await (const file of walk(srcDir)) {
    const rel = relative(root, file);
    if (file.endsWith('.ts') && !isSpec(file)) {
      const out = join(outRoot, rel.replace(/\.ts$/, '.js'));
      const { code, map } = await transformFile(file, {
        ...swcrc,
        swcrc: false,
        filename: file,
        sourceFileName: relative(dirname(out), file),
        jsc: { ...swcrc.jsc, baseUrl: root, paths: tsconfig.compilerOptions.paths },
      });
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, map ? `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map` : code);
      if (map) await writeFile(`${out}.map`, map);
      n++;
    } else if (ASSET.test(file)) {
      const out = join(outRoot, rel);
      await mkdir(dirname(out), { recursive: true });
      await copyFile(file, out);
    }
  }
  return n;
}

const targets = process.argv.slice(2);
if (targets.length === 0) {
  console.error('usage: build.mjs <apps/name|libs/name> [...]');
  process.exit(2);
}
const started = Date.now();
let files = 0;
for (const t of targets) {
  await rm(join(outRoot, t), { recursive: true, force: true });
  files += await compileDir(join(root, t, 'src'));
}
console.log(`built ${targets.join(', ')}: ${files} files in ${Date.now() - started} ms`);
