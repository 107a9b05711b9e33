"use client";

import { useCallback, useEffect, useState } from "react";
import { fetchMe } from "@/components/api-client/endpoints";
import type { SpendView } from "@/lib/shared/api/me";

/** Today's spend from GET /api/me; `refresh` after anything that spends. Null until known (or if it failed). */
export function useSpend(): { spend: SpendView | null; refresh: () => void } {
  const [spend, setSpend] = useState<SpendView | null>(null);
  const refresh = useCallback(() => {
    void fetchMe().then((result) => {
      if (result.ok) setSpend(result.data.spend);
    });
  }, []);
  useEffect(refresh, [refresh]);
  return { spend, refresh };
}
