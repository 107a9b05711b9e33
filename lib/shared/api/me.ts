import * as z from "zod";

/** GET /api/me's spend: today's total, the caller's budget and what every budget still allows (null: none). */
export const spendViewSchema = z
  .object({
    today_usd: z.number().meta({ description: "What the caller spent today (UTC), in USD." }),
    budget_usd: z.number().nullable().meta({ description: "The caller's own daily budget; null when there is none." }),
    available_usd: z.number().nullable().meta({
      description: "What the caller can still spend today under every budget (theirs, their network's, the studio's); null: no limit.",
    }),
    resets_at: z.string().meta({ description: "When the day's spend starts again from zero (ISO 8601, the next UTC midnight)." }),
  })
  .meta({ description: "GET /api/me's spend: today's total, the caller's budget and what every budget still allows (null: none)." });

export type SpendView = z.infer<typeof spendViewSchema>;

/** The body of GET /api/me. */
export const meViewSchema = z
  .object({
    user: z.object({ id: z.string() }).meta({ description: "The caller's anonymous identity (its session cookie's user)." }),
    spend: spendViewSchema,
  })
  .meta({ description: "The body of GET /api/me." });

export type MeView = z.infer<typeof meViewSchema>;
