import { defineConfig } from 'drizzle-kit';

/** `npm run db:generate` writes a new SQL migration under src/store/migrations from the schema's changes. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema/index.ts',
  out: './src/store/migrations',
});
