import type { NextConfig } from 'next';

/**
 * Server code reaches Prisma, the better-sqlite3 native addon and the Prisma
 * schema engine compiled to WebAssembly. None of them survive bundling (native
 * `.node` files, `.wasm` loaded from disk, `__dirname`-relative migrations), so
 * they — and our own packages that load them — are required by Node at run time
 * from node_modules instead. Keeping every `@edms/*` package external also means
 * one copy of each module per process, so `DomainError` and the services
 * memo are shared by every route.
 */
const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: [
    '@edms/domain',
    '@edms/runtime',
    '@edms/db',
    '@edms/storage',
    '@edms/package-format',
    '@prisma/client',
    '@prisma/adapter-better-sqlite3',
    '@prisma/adapter-pg',
    '@prisma/driver-adapter-utils',
    '@prisma/schema-engine-wasm',
    'better-sqlite3',
    'pg',
  ],
};

export default nextConfig;
