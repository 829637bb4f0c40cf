/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native addons and Prisma's generated clients must be loaded by Node at runtime, not bundled.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/client",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "pg",
    "inngest",
  ],
  typedRoutes: true,
  // `npm test` type-checks the whole repository (tsc --noEmit) as its own stage; repeating it
  // inside every build only makes `npm start` slower after a change.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
