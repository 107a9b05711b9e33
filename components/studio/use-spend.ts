"use client";

import { useCallback, useEffect, useState } from "react";
import { getMe, type Spend } from "@/components/api/endpoints";

/** Today's spend from GET /api/me; `refresh` after anything that spends. Null until known (or if it failed). */
export function useSpend(): { spend: Spend | null; refresh: () => void } {
  const [spend, setSpend] = useState<Spend | null>(null);
  const refresh = useCallback(() => {
    void getMe().then((result) => {
      if (result.ok) setSpend(result.data.spend);
    });
  }, []);
  useEffect(refresh, [refresh]);
  return { spend, refresh };
}
