// Prisma CLI configuration for machines without Prisma's native engines: the WebAssembly schema
// engine through the pg driver adapter (see TOOLCHAIN.md). DATABASE_URL must be set whenever the
// CLI runs, or it silently falls back to the native engine and tries to download it.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => 
    // A short idle timeout lets the CLI exit as soon as it is done (pg's default keeps it 10 s).
    new PrismaPg({ connectionString: process.env.DATABASE_URL, idleTimeoutMillis: 200 }),
});
