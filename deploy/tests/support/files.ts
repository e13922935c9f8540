import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const DEPLOY_DIR = resolve(__dirname, '../..');
export const REPO_ROOT = resolve(DEPLOY_DIR, '..');
export const K8S_DIR = join(DEPLOY_DIR, 'k8s');
export const BASE_DIR = join(K8S_DIR, 'base');
export const OVERLAYS = ['dev', 'prod'] as const;
export type OverlayName = (typeof OVERLAYS)[number];
export const overlayDir = (name: OverlayName): string => join(K8S_DIR, 'overlays', name);

/** Path relative to the repository root, for readable failure messages. */
export const rel = (file: string): string => relative(REPO_ROOT, file);

/** Every file under `dir` (recursively) whose name passes `keep`, sorted. */
export function listFiles(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...listFiles(path, keep));
    } else if (keep(entry.name)) {
      out.push(path);
    }
  }
  return out.sort();
}

export const isYamlFile = (name: string): boolean => /\.ya?ml$/.test(name);

export interface YamlOptions {
  /**
   * Kubernetes reads manifests as YAML 1.1 (`yes`, `on`, `0755` are not strings there), Compose
   * as YAML 1.2 with `<<` merge keys.
   */
  dialect: 'kubernetes' | 'compose';
}

/**
 * Parses every document of a YAML text; any error or warning (duplicate keys included) throws
 * with the file name, so a malformed manifest fails the suite instead of being half-read.
 */
export function parseYamlDocuments(text: string, origin: string, { dialect }: YamlOptions): unknown[] {
  const docs = parseAllDocuments(text, {
    version: dialect === 'kubernetes' ? '1.1' : '1.2',
    merge: dialect === 'compose',
    uniqueKeys: true,
    prettyErrors: true,
  });
  const values: unknown[] = [];
  for (const doc of docs) {
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) throw new Error(`${origin}: ${problems.map((p) => p.message).join('\n')}`);
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

export function readYamlFile(file: string, options: YamlOptions = { dialect: 'kubernetes' }): unknown[] {
  return parseYamlDocuments(readFileSync(file, 'utf8'), rel(file), options);
}

export const readText = (file: string): string => readFileSync(file, 'utf8');

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
