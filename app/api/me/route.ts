import { apiRoute, json } from "@/lib/api/route";

export const runtime = "edge";

// GET /api/me – the caller's anonymous identity (sets the session cookie when missing).
export const GET = apiRoute("GET /api/me", async (_request, { userId }) => json({ user: { id: await userId() } }));
