"use client";

import { Suspense, useEffect, useRef } from "react";
import { ChevronIcon } from "@/components/ui/icons";
import type { AdvancedFieldsProps } from "./advanced-fields";
import styles from "./advanced-options.module.css";
import { AdvancedFields } from "./deferred";

/** The "Advanced" section: closed on arrival, so its fields are fetched after the first load (see deferred.ts). */
export function AdvancedOptions(props: AdvancedFieldsProps) {
  const { invalidField, strings } = props;
  const details = useRef<HTMLDetailsElement>(null);
  // A wrong value must be visible, so the section opens itself when one of its fields is invalid.
  useEffect(() => {
    if (invalidField === "seed" || invalidField === "loraScale") details.current?.setAttribute("open", "");
  }, [invalidField]);
  return (
    <details ref={details} className={styles.details}>
      <summary className={styles.summary}>
        <ChevronIcon className={styles.chevron} />
        {strings.advancedSummary}
      </summary>
      <Suspense fallback={null}>
        <AdvancedFields {...props} />
      </Suspense>
    </details>
  );
}
