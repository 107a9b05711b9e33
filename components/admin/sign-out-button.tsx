"use client";

import { useState } from "react";

// The only client code of the dashboard: DELETE cannot be sent by a plain form.
export function SignOutButton({ label }: { label: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="admin-button admin-button-quiet"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await fetch("/api/admin/session", { method: "DELETE" });
        } finally {
          window.location.reload();
        }
      }}
    >
      {label}
    </button>
  );
}
