import { defineConfig } from "drizzle-kit";

// Migrations are generated here and applied by wrangler (`migrations_dir` in wrangler.toml).
export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
